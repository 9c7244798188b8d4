import type { Address, Signature } from '@solana/kit';
import { getBase58Encoder } from '@solana/kit';
import { getTransferCheckedInstructionDataDecoder, TOKEN_PROGRAM_ADDRESS, TokenInstruction } from '@solana-program/token';
import type { CorexSolanaDeployment } from './deployment';
import { memosOf, TASK_MEMO_PREFIX, type JsonMessage, type JsonTransaction } from './memos';

/** A verified task payment on Solana. */
export interface SolanaTask {
  /** The reference key carried by the transfer. */
  readonly taskId: Address;
  /** Owner of the paying token account (the transfer's signing authority). */
  readonly payer: Address;
  readonly source: Address;
  /** CXT base units (9 decimals). */
  readonly amount: bigint;
  /** 0x-prefixed bytes32. */
  readonly specHash: string;
  readonly signature: Signature;
  readonly slot: bigint;
  readonly blockTime: bigint | null;
}

/** Why a transaction is not a valid task payment. */
export type SolanaRejectionCode =
  | 'SOLANA.FAILED_TX'
  | 'SOLANA.NO_TRANSFER'
  | 'SOLANA.MULTIPLE_TRANSFERS'
  | 'SOLANA.WRONG_MINT'
  | 'SOLANA.WRONG_DESTINATION'
  | 'SOLANA.WRONG_AMOUNT'
  | 'SOLANA.NO_REFERENCE'
  | 'SOLANA.WRONG_REFERENCE'
  | 'SOLANA.NO_MEMO'
  | 'SOLANA.BAD_MEMO';

/** A transaction that was looked at and refused, with a stable code. */
export interface SolanaRejection {
  readonly code: SolanaRejectionCode;
  readonly reason: string;
  readonly signature: Signature;
  readonly slot: bigint;
}

/** The outcome of {@link parseTaskTransfer}. */
export type ParsedTaskTransfer = { readonly ok: true; readonly task: SolanaTask } | { readonly ok: false; readonly rejection: SolanaRejection };

/** What a payment must match besides the deployment. */
export interface ParseOptions {
  /** The expected task id, when looking one up. */
  readonly reference?: Address;
  /** Smallest escrow accepted (default 1 base unit). */
  readonly minAmount?: bigint;
}

const TASK_MEMO = new RegExp(`^${TASK_MEMO_PREFIX}([0-9a-f]{64})$`);

/**
 * Checks a `getTransaction(signature, { encoding: 'json', maxSupportedTransactionVersion: 0 })` answer as a task payment:
 * it succeeded; it holds exactly one `TransferChecked`, of the CXT mint, into the escrow, of a positive amount, carrying
 * exactly one read-only non-signer reference key; and exactly one memo `corex:task:v1:<64 hex>`.
 */
export function parseTaskTransfer(tx: JsonTransaction, deployment: CorexSolanaDeployment, options: ParseOptions = {}): ParsedTaskTransfer {
  const { message } = tx.transaction;
  const signature = tx.transaction.signatures[0] as Signature;
  const reject = (code: SolanaRejectionCode, reason: string): ParsedTaskTransfer => ({ ok: false, rejection: { code, reason, signature, slot: tx.slot } });
  if (!tx.meta || tx.meta.err) return reject('SOLANA.FAILED_TX', `the transaction failed: ${describe(tx.meta?.err ?? 'no status')}`);
  const transfers = message.instructions.filter((ix) => isTokenInstruction(message, ix, TokenInstruction.TransferChecked));
  if (transfers.length === 0) return reject('SOLANA.NO_TRANSFER', 'no SPL TransferChecked instruction');
  if (transfers.length > 1) return reject('SOLANA.MULTIPLE_TRANSFERS', `${transfers.length} TransferChecked instructions, one expected`);
  const [source, mint, destination, authority, ...extra] = transfers[0].accounts.map((index) => Number(index));
  const keys = message.accountKeys;
  if (keys[mint] !== deployment.mint) return reject('SOLANA.WRONG_MINT', `mint ${keys[mint]} is not CXT ${deployment.mint}`);
  if (keys[destination] !== deployment.escrow) return reject('SOLANA.WRONG_DESTINATION', `destination ${keys[destination]} is not the escrow ${deployment.escrow}`);
  const { amount } = getTransferCheckedInstructionDataDecoder().decode(getBase58Encoder().encode(transfers[0].data));
  if (amount < (options.minAmount ?? 1n)) return reject('SOLANA.WRONG_AMOUNT', `amount ${amount} is below ${options.minAmount ?? 1n}`);
  if (extra.length !== 1 || isSigner(message, extra[0]) || isWritable(message, extra[0])) {
    return reject('SOLANA.NO_REFERENCE', 'the transfer must carry exactly one read-only, non-signer reference key');
  }
  const reference = keys[extra[0]];
  if (options.reference && reference !== options.reference) return reject('SOLANA.WRONG_REFERENCE', `reference ${reference} is not ${options.reference}`);
  const taskMemos = memosOf(message).filter((memo) => memo.startsWith('corex:task:'));
  if (taskMemos.length === 0) return reject('SOLANA.NO_MEMO', 'no corex:task memo');
  const match = taskMemos.length === 1 ? TASK_MEMO.exec(taskMemos[0]) : null;
  if (!match) return reject('SOLANA.BAD_MEMO', `expected one memo ${TASK_MEMO_PREFIX}<64 lowercase hex>, got ${JSON.stringify(taskMemos)}`);
  return {
    ok: true,
    task: { taskId: reference, payer: keys[authority], source: keys[source], amount, specHash: `0x${match[1]}`, signature, slot: tx.slot, blockTime: tx.blockTime },
  };
}

function isTokenInstruction(message: JsonMessage, ix: JsonMessage['instructions'][number], kind: TokenInstruction): boolean {
  if (message.accountKeys[Number(ix.programIdIndex)] !== TOKEN_PROGRAM_ADDRESS) return false;
  return getBase58Encoder().encode(ix.data)[0] === kind;
}

/** Whether account `index` of the message signed it (signers come first in `accountKeys`). */
export function isSigner(message: JsonMessage, index: number): boolean {
  return index < message.header.numRequiredSignatures;
}

function isWritable(message: JsonMessage, index: number): boolean {
  const { numRequiredSignatures, numReadonlySignedAccounts, numReadonlyUnsignedAccounts } = message.header;
  if (index < numRequiredSignatures) return index < numRequiredSignatures - numReadonlySignedAccounts;
  return index < message.accountKeys.length - numReadonlyUnsignedAccounts;
}

function describe(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
