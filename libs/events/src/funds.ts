import { z } from 'zod';
import { defineEvent, type DataOf } from './catalog';
import { idSchema, isoTimeSchema } from './common';
import { evmAddressSchema, weiSchema } from './chain';

/**
 * An account's funds (aggregate `funds.<accountId>`): deposits from the chain
 * (`corex.account.deposited.v1`) credit it; a job's budget is reserved at submission, its charges
 * are spent from that reservation, and the unspent rest is released when the job ends. Amounts
 * in wei (CXT has 18 decimals).
 */
export const FundsReserved = defineEvent('corex.funds.reserved', 1, z.object({ accountId: idSchema, jobId: idSchema, amount: weiSchema }));
export type FundsReservedData = DataOf<typeof FundsReserved>;

/** A fragment's reward (`corex.fragment.rewarded.v1`) charged to its job's account; id `spent:<fragmentId>`. */
export const FundsSpent = defineEvent(
  'corex.funds.spent',
  1,
  z.object({ accountId: idSchema, jobId: idSchema, fragmentId: idSchema, amount: weiSchema }),
);
export type FundsSpentData = DataOf<typeof FundsSpent>;

/** The job ended: what it had reserved, spent so far and what goes back to available funds. */
export const FundsReleased = defineEvent(
  'corex.funds.released',
  1,
  z.object({
    accountId: idSchema,
    jobId: idSchema,
    reserved: weiSchema,
    spent: weiSchema,
    released: weiSchema,
    reason: z.enum(['completed', 'failed', 'cancelled']),
  }),
);
export type FundsReleasedData = DataOf<typeof FundsReleased>;

/**
 * The account linked a wallet: `signature` is the wallet's EIP-191 signature of `challenge`,
 * which names the account (`walletChallenge`). Deposits name the account id, not the wallet.
 */
export const WalletLinked = defineEvent(
  'corex.account.wallet-linked',
  1,
  z.object({
    accountId: idSchema,
    wallet: evmAddressSchema,
    challenge: z.string().max(200),
    signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/).max(132),
    linkedAt: isoTimeSchema,
  }),
);
export type WalletLinkedData = DataOf<typeof WalletLinked>;

/** The text a wallet signs (EIP-191 personal_sign) to be linked to an account. */
export const walletChallenge = (accountId: string) => `Corex: link this wallet to account ${accountId}`;

export const fundsEvents = [FundsReserved, FundsSpent, FundsReleased, WalletLinked] as const;
