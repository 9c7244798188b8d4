import { z } from 'zod';
import { cxtAmountSchema } from '@corex/events';

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/).max(42);

/** GET /v1/accounts/me: the caller's funds (CXT, 18 decimals) and linked wallet. */
export const accountFundsSchema = z
  .object({
    accountId: z.string().max(128),
    fundsCheck: z.enum(['on', 'off']).describe('`off` when no chain is configured: budgets are then not reserved from deposits'),
    deposit: cxtAmountSchema.describe('Σ CXT deposited into the MiningPool for this account (confirmed on-chain)'),
    reserved: cxtAmountSchema.describe('Held by running jobs and not yet spent'),
    spent: cxtAmountSchema.describe('Charged for completed fragments'),
    available: cxtAmountSchema.describe('deposit − reserved − spent: what new jobs may reserve'),
    wallet: address.nullable().describe('The wallet linked with POST /v1/accounts/me/wallet, if any'),
    walletChallenge: z.string().max(200).describe('The text a wallet signs (EIP-191 personal_sign) to be linked to this account'),
    accountKey: z.string().regex(/^0x[0-9a-f]{64}$/).max(66).describe('bytes32 to pass to MiningPool.deposit(accountId, amount): keccak256 of the account id'),
  })
  .meta({ id: 'AccountFunds' });
export type AccountFunds = z.output<typeof accountFundsSchema>;

export const linkWalletRequestSchema = z
  .object({
    wallet: address,
    signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/, 'a 65-byte 0x-prefixed hex signature').max(132),
  })
  .strict()
  .meta({ id: 'LinkWalletRequest' });
