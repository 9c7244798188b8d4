import { AccountRole, type Address, type TransactionSigner } from '@solana/kit';
import { getCreateAssociatedTokenIdempotentInstruction, getMintToCheckedInstruction, getTransferCheckedInstruction } from '@solana-program/token';
import type { CorexSolanaDeployment } from './deployment';
import { memoInstruction } from './memos';
import { sendOrThrow, type SentTransaction, type SolanaRpc } from './send';
import { associatedTokenAddress } from './setup';

/**
 * Mints `amount` CXT base units to `recipientOwner`'s associated account, creating it if missing (idempotent create).
 * With a `transferId` (the TokenTransfer payload's id, bytes32 hex) the transaction carries the memo
 * `corex:reward:v1:<transferId>`, so a restarted bridge can tell a delivered transfer from a pending one.
 */
export async function mintReward(
  rpc: SolanaRpc,
  authority: TransactionSigner,
  deployment: CorexSolanaDeployment,
  input: { recipientOwner: Address; amount: bigint; transferId?: string },
): Promise<SentTransaction & { tokenAccount: Address }> {
  const { mint, decimals } = deployment;
  const tokenAccount = await associatedTokenAddress(input.recipientOwner, mint);
  const instructions = [
    getCreateAssociatedTokenIdempotentInstruction({ payer: authority, ata: tokenAccount, owner: input.recipientOwner, mint }),
    getMintToCheckedInstruction({ mint, token: tokenAccount, mintAuthority: authority, amount: input.amount, decimals }),
    ...(input.transferId ? [memoInstruction(`corex:reward:v1:${input.transferId}`, [authority])] : []),
  ];
  return { ...(await sendOrThrow(rpc, authority, instructions)), tokenAccount };
}

/** Why CXT leaves the escrow: `release` pays a completed task's fee recipient, `refund` returns it to the submitter. */
export type EscrowPayout = 'release' | 'refund';

/**
 * Pays `amount` out of the escrow to `recipientOwner`'s associated account (created if missing), with the memo
 * `corex:<kind>:v1:<taskId>` and the task's reference on the transfer, so the payout is listed under the task id.
 */
export async function transferFromEscrow(
  rpc: SolanaRpc,
  authority: TransactionSigner,
  deployment: CorexSolanaDeployment,
  input: { taskId: Address; recipientOwner: Address; amount: bigint; kind: EscrowPayout },
): Promise<SentTransaction & { tokenAccount: Address }> {
  const { mint, decimals, escrow } = deployment;
  const tokenAccount = await associatedTokenAddress(input.recipientOwner, mint);
  const transfer = getTransferCheckedInstruction({ source: escrow, mint, destination: tokenAccount, authority, amount: input.amount, decimals });
  const instructions = [
    getCreateAssociatedTokenIdempotentInstruction({ payer: authority, ata: tokenAccount, owner: input.recipientOwner, mint }),
    memoInstruction(`corex:${input.kind}:v1:${input.taskId}`, [authority]),
    { ...transfer, accounts: [...transfer.accounts, { address: input.taskId, role: AccountRole.READONLY }] },
  ];
  return { ...(await sendOrThrow(rpc, authority, instructions)), tokenAccount };
}
