import { Controller, Get, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { getAddress, verifyMessage } from 'ethers';
import { accountIdToBytes32 } from '@corex/chain-contracts';
import { WalletLinked, walletChallenge } from '@corex/events';
import { formatCxt, fundsSummary, type FundsState } from '@corex/marketplace-domain';
import { ValidationError } from '@corex/platform';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { parseBody } from '../../http/parse-body';
import { CLOCK, type Clock } from '../../infrastructure/tokens';
import { linkWalletRequestSchema, type AccountFunds } from './account-funds.schema';
import { FundsStore } from './funds.store';

const cxt = (wei: bigint) => formatCxt(wei < 0n ? 0n : wei);

@Controller('v1/accounts/me')
@UseGuards(ApiKeyGuard)
export class AccountFundsController {
  constructor(
    @Inject(FundsStore) private readonly funds: FundsStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async get(@CurrentCaller() caller: Caller): Promise<AccountFunds> {
    return this.view(caller.accountId, (await this.funds.load(caller.accountId)).state);
  }

  /** Links the wallet whose EIP-191 signature of the account's challenge is given. */
  @Post('wallet')
  @HttpCode(200)
  async linkWallet(@CurrentCaller() caller: Caller, @Req() req: Request): Promise<AccountFunds> {
    const { wallet, signature } = parseBody(linkWalletRequestSchema, req);
    const challenge = walletChallenge(caller.accountId);
    let signer: string;
    try {
      signer = verifyMessage(challenge, signature);
    } catch {
      throw new ValidationError('WALLET.SIGNATURE_INVALID', 'the signature is not a valid EIP-191 signature');
    }
    if (signer !== getAddress(wallet)) {
      throw new ValidationError('WALLET.SIGNATURE_INVALID', `the signature of "${challenge}" is not by ${getAddress(wallet)}`, { challenge });
    }
    const data = { accountId: caller.accountId, wallet: getAddress(wallet), challenge, signature, linkedAt: this.clock().toISOString() };
    await this.funds.append(caller.accountId, [{ type: WalletLinked.type, data }]);
    return this.get(caller);
  }

  private view(accountId: string, state: FundsState): AccountFunds {
    const s = fundsSummary(state);
    return {
      accountId,
      fundsCheck: this.funds.enabled ? 'on' : 'off',
      deposit: cxt(s.deposited),
      reserved: cxt(s.reserved),
      spent: cxt(s.spent),
      available: cxt(s.available),
      wallet: state.wallet ?? null,
      walletChallenge: walletChallenge(accountId),
      accountKey: accountIdToBytes32(accountId).toLowerCase(),
    };
  }
}
