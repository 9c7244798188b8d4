import { AccountRole, generateKeyPairSigner, type Address, type Instruction, type TransactionSigner } from '@solana/kit';
import { getTransferCheckedInstruction } from '@solana-program/token';
import type { CorexSolanaDeployment } from './deployment';
import { bytes32Hex, memoInstruction, TASK_MEMO_PREFIX } from './memos';
import { associatedTokenAddress } from './setup';
import { sendInstructions, type SendOptions, type SentTransaction, type SolanaRpc } from './send';

/** What a submitter pays for a task on Solana. */
export interface TaskTransferInput {
  /** Owner of the paying CXT account; signs the transfer (and pays the fee when sent with {@link submitTaskTransfer}). */
  readonly payer: TransactionSigner;
  /** Escrow in CXT base units (9 decimals). */
  readonly amount: bigint;
  /** keccak256 of the job spec (bytes32 hex or 32 bytes), as on the EVM portals. */
  readonly specHash: string | Uint8Array;
  /** The task id: a fresh public key by default (its private key is never needed). */
  readonly reference?: Address;
  /** The paying token account; the payer's associated CXT account by default. */
  readonly source?: Address;
}

/**
 * The instructions of a task payment, Solana Pay style: an SPL Memo `corex:task:v1:<specHash hex>` followed by a
 * `TransferChecked` of CXT into the escrow that carries the reference key as an extra read-only, non-signer account
 * (the token program ignores it; `getSignaturesForAddress(reference)` finds the payment).
 */
export async function buildTaskTransfer(deployment: CorexSolanaDeployment, input: TaskTransferInput): Promise<{ instructions: Instruction[]; reference: Address }> {
  const reference = input.reference ?? (await generateKeyPairSigner()).address;
  const source = input.source ?? (await associatedTokenAddress(input.payer.address, deployment.mint));
  const transfer = getTransferCheckedInstruction({
    source,
    mint: deployment.mint,
    destination: deployment.escrow,
    authority: input.payer,
    amount: input.amount,
    decimals: deployment.decimals,
  });
  const withReference = { ...transfer, accounts: [...transfer.accounts, { address: reference, role: AccountRole.READONLY }] };
  return { instructions: [memoInstruction(`${TASK_MEMO_PREFIX}${bytes32Hex(input.specHash)}`), withReference], reference };
}

/** Builds and sends a task payment paid (fees too) by `input.payer`; the task id is the returned reference. */
export async function submitTaskTransfer(rpc: SolanaRpc, deployment: CorexSolanaDeployment, input: TaskTransferInput, options?: SendOptions): Promise<SentTransaction & { reference: Address }> {
  const { instructions, reference } = await buildTaskTransfer(deployment, input);
  return { ...(await sendInstructions(rpc, input.payer, instructions, options)), reference };
}
