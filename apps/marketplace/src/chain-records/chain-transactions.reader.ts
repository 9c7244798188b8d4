import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { JsonRpcProvider, TransactionReceipt } from 'ethers';
import { NotFoundError, ValidationError } from '@corex/platform';
import { chainProvider, ChainUnavailableError, readDeploymentFile, type DeploymentFile } from '@corex/chain';
import { CONFIG } from '../infrastructure/tokens';
import type { MarketplaceConfig } from '../config';
import { findChain, type EvmEndpoint } from './chain-endpoints';
import type { ChainTransaction } from './chain-transaction.schema';
import { decodeCorexLogs } from './corex-logs';

const TX_HASH = /^0x[0-9a-fA-F]{64}$/;
/** A chain that takes longer than this is answered as unavailable rather than holding the request. */
const RPC_TIMEOUT_MS = 8000;

/**
 * Transactions as the chain that mined them holds them, read from that chain's RPC in the
 * deployment file (read afresh on each call, as GET /v1/network does): for the local devnets,
 * which have no explorer.
 */
@Injectable()
export class ChainTransactionsReader implements OnModuleDestroy {
  private readonly providers = new Map<string, JsonRpcProvider>();

  constructor(@Inject(CONFIG) private readonly config: MarketplaceConfig) {}

  async read(chain: string, hash: string): Promise<ChainTransaction> {
    if (!TX_HASH.test(hash)) throw new ValidationError('CHAIN.INVALID_TX_HASH', 'a transaction hash is 0x and 64 hex digits', { hash: hash.slice(0, 80) });
    const found = findChain(await this.deployment(), chain);
    if (found.kind === 'solana') {
      throw new NotFoundError('CHAIN.NOT_EVM', 'solana is not an EVM chain: its transactions are not read here; look the signature up with the Solana RPC of GET /v1/network');
    }
    if (found.kind === 'unknown') throw new NotFoundError('CHAIN.UNKNOWN', `no chain named ${chain.slice(0, 40)} in this deployment`, { known: found.known });
    return this.readEvm(found.endpoint, hash.toLowerCase());
  }

  onModuleDestroy(): void {
    for (const p of this.providers.values()) p.destroy();
  }

  private async readEvm(endpoint: EvmEndpoint, hash: string): Promise<ChainTransaction> {
    const provider = this.provider(endpoint);
    const unavailable = () =>
      new ChainUnavailableError('CHAIN.UNAVAILABLE', `the ${endpoint.name} chain does not answer at its RPC URL`, { retryable: true, chain: endpoint.name });
    const receipt = await withTimeout(provider.getTransactionReceipt(hash)).catch(() => {
      throw unavailable();
    });
    if (!receipt) throw new NotFoundError('CHAIN.TX_NOT_FOUND', `the ${endpoint.name} chain holds no mined transaction ${hash}`);
    const block = await withTimeout(provider.getBlock(receipt.blockHash)).catch(() => {
      throw unavailable();
    });
    if (!block) throw unavailable();
    return transactionView(endpoint, receipt, block.timestamp);
  }

  private async deployment(): Promise<DeploymentFile> {
    const file = this.config.COREX_DEPLOYMENT_FILE;
    if (!file) throw new ChainUnavailableError('CHAIN.NOT_CONFIGURED', 'no chain is configured for this marketplace (COREX_DEPLOYMENT_FILE is not set)');
    const deployment = await readDeploymentFile(file).catch((err: Error) => {
      throw new ChainUnavailableError('CHAIN.NOT_CONFIGURED', `the deployment file cannot be read: ${err.message.slice(0, 200)}`);
    });
    if (!deployment) throw new ChainUnavailableError('CHAIN.NOT_CONFIGURED', 'no chain is configured for this marketplace (the deployment file does not exist yet)');
    return deployment;
  }

  private provider({ rpcUrl, evmChainId }: EvmEndpoint): JsonRpcProvider {
    const key = `${evmChainId} ${rpcUrl}`;
    let p = this.providers.get(key);
    if (!p) this.providers.set(key, (p = chainProvider(rpcUrl, evmChainId)));
    return p;
  }
}

function transactionView(endpoint: EvmEndpoint, receipt: TransactionReceipt, timestamp: number): ChainTransaction {
  const { events, otherLogs } = decodeCorexLogs(receipt.logs, endpoint.contracts);
  return {
    chain: endpoint.name,
    evmChainId: endpoint.evmChainId,
    txHash: receipt.hash.toLowerCase(),
    blockNumber: receipt.blockNumber,
    blockHash: receipt.blockHash.toLowerCase(),
    timestamp: new Date(timestamp * 1000).toISOString(),
    from: receipt.from,
    to: receipt.to,
    contractAddress: receipt.contractAddress,
    status: receipt.status === 1 ? 'success' : 'reverted',
    gasUsed: receipt.gasUsed.toString(),
    events,
    otherLogs,
  };
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), RPC_TIMEOUT_MS)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
