import { getBase58Encoder, type Address, type TransactionSigner } from '@solana/kit';
import { getAddMemoInstruction } from '@solana-program/memo';
import { MEMO_PROGRAM_ADDRESS } from './deployment';

/** Prefix of the memo that marks a task transfer: `corex:task:v1:<specHash hex>`. */
export const TASK_MEMO_PREFIX = 'corex:task:v1:';
/** Prefix of a status memo: `corex:status:v2:<taskId>:<status>:<verification>:<resultHash hex>:<weightsHash hex>`. */
export const STATUS_MEMO_PREFIX = 'corex:status:v2:';
/** The first status memos, still read: `corex:status:v1:<taskId>:<status>:<resultHash hex>` (no verification, no weights). */
export const STATUS_MEMO_V1_PREFIX = 'corex:status:v1:';

const BYTES32_HEX = /^(0x)?([0-9a-fA-F]{64})$/;

/** A bytes32 (0x-hex, bare hex or 32 bytes) as 64 lowercase hex digits without 0x, as memos carry it. */
export function bytes32Hex(value: string | Uint8Array): string {
  if (typeof value !== 'string') {
    if (value.length !== 32) throw new Error(`expected 32 bytes, got ${value.length}`);
    return Buffer.from(value).toString('hex');
  }
  const match = BYTES32_HEX.exec(value);
  if (!match) throw new Error(`expected a bytes32 hex string, got ${value}`);
  return match[2].toLowerCase();
}

/** An SPL Memo (v2) instruction; with `signers` the memo program checks that each of them signed. */
export function memoInstruction(memo: string, signers: TransactionSigner[] = []) {
  return getAddMemoInstruction({ memo, signers }, { programAddress: MEMO_PROGRAM_ADDRESS });
}

/** The texts of the memo instructions of a JSON-encoded transaction, in instruction order. */
export function memosOf(message: JsonMessage): string[] {
  return message.instructions
    .filter((instruction) => message.accountKeys[Number(instruction.programIdIndex)] === MEMO_PROGRAM_ADDRESS)
    .map((instruction) => Buffer.from(getBase58Encoder().encode(instruction.data)).toString('utf8'));
}

/** The parts of a `getTransaction(..., { encoding: 'json' })` message that Corex reads. */
export interface JsonMessage {
  readonly accountKeys: readonly Address[];
  readonly header: { readonly numRequiredSignatures: number; readonly numReadonlySignedAccounts: number; readonly numReadonlyUnsignedAccounts: number };
  readonly instructions: readonly { readonly programIdIndex: number; readonly accounts: readonly number[]; readonly data: string }[];
}

/** The parts of a `getTransaction(..., { encoding: 'json', maxSupportedTransactionVersion: 0 })` answer that Corex reads. */
export interface JsonTransaction {
  readonly slot: bigint;
  readonly blockTime: bigint | null;
  readonly meta: { readonly err: unknown } | null;
  readonly transaction: { readonly signatures: readonly string[]; readonly message: JsonMessage };
}
