import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { NotFoundCode } from '../http/request-strings.interceptor';
import { ChainReaderGuard } from './chain-reader.guard';
import type { ChainTransaction } from './chain-transaction.schema';
import { ChainTransactionsReader } from './chain-transactions.reader';

/** A transaction as the chain that mined it holds it, with its Corex events decoded (for chains without an explorer). */
@Controller('v1/chains/:chain/transactions')
@UseGuards(ChainReaderGuard)
@NotFoundCode('CHAIN.UNKNOWN')
export class GetChainTransactionController {
  constructor(@Inject(ChainTransactionsReader) private readonly reader: ChainTransactionsReader) {}

  @Get(':hash')
  get(@Param('chain') chain: string, @Param('hash') hash: string): Promise<ChainTransaction> {
    return this.reader.read(chain, hash);
  }
}
