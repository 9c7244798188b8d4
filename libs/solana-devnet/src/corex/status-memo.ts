import { AccountRole, type Address, type Signature, type TransactionSigner } from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import type { CorexSolanaDeployment } from './deployment';
import { fetchJsonTransaction, signaturesOldestFirst } from './history';
import { bytes32Hex, memoInstruction, memosOf, STATUS_MEMO_PREFIX, STATUS_MEMO_V1_PREFIX } from './memos';
import { sendOrThrow, type SentTransaction, type SolanaRpc } from './send';

/** Task statuses, named as in the TaskStatus payload (1 accepted … 5 cancelled). */
export const SOLANA_TASK_STATUSES = ['accepted', 'running', 'completed', 'failed', 'cancelled'] as const;
/** A task status as written in a status memo. */
export type SolanaTaskStatus = (typeof SOLANA_TASK_STATUSES)[number];
/** The verification outcome a status carries, as in the TaskStatus payload (none until a terminal status). */
export const SOLANA_TASK_VERIFICATIONS = ['none', 'passed', 'failed'] as const;
export type SolanaTaskVerification = (typeof SOLANA_TASK_VERIFICATIONS)[number];

/** A status memo read back from the chain. */
export interface StatusMemo {
  readonly taskId: Address;
  readonly status: SolanaTaskStatus;
  /** The verification outcome (`none` on v1 memos, which did not carry it). */
  readonly verification: SolanaTaskVerification;
  /** 0x-prefixed bytes32 (zero until there is a result). */
  readonly resultHash: string;
  /** 0x-prefixed bytes32 of trained weights (zero when none, and on v1 memos). */
  readonly weightsHash: string;
  readonly signature: Signature;
  readonly slot: bigint;
  readonly blockTime: bigint | null;
}

const ZERO_HASH = '0'.repeat(64);

/**
 * Writes `corex:status:v2:<taskId>:<status>:<verification>:<resultHash hex>:<weightsHash hex>` signed by the bridge
 * authority: what the TaskStatus payload carries to the EVM portals. The memo program (v2)
 * insists that every account it is given signs, so the task's reference key rides on a zero-lamport self-transfer of the
 * authority instead (read-only, non-signer): that makes the memo findable with `getSignaturesForAddress(taskId)`.
 */
export async function sendStatusMemo(
  rpc: SolanaRpc,
  authority: TransactionSigner,
  input: { taskId: Address; status: SolanaTaskStatus; verification?: SolanaTaskVerification; resultHash?: string | Uint8Array; weightsHash?: string | Uint8Array },
): Promise<SentTransaction> {
  const hash = (value: string | Uint8Array | undefined) => (value === undefined ? ZERO_HASH : bytes32Hex(value));
  const text = `${STATUS_MEMO_PREFIX}${input.taskId}:${input.status}:${input.verification ?? 'none'}:${hash(input.resultHash)}:${hash(input.weightsHash)}`;
  const memo = memoInstruction(text, [authority]);
  return sendOrThrow(rpc, authority, [memo, carryAccount(authority, input.taskId)]);
}

/** A zero-lamport transfer from `authority` to itself that names `account` read-only: indexes a transaction under it. */
export function carryAccount(authority: TransactionSigner, account: Address) {
  const transfer = getTransferSolInstruction({ source: authority, destination: authority.address, amount: 0n });
  return { ...transfer, accounts: [...transfer.accounts, { address: account, role: AccountRole.READONLY }] };
}

/** The status memos of a task written by the deployment's authority, oldest first; memos from anyone else are ignored. */
export async function readStatusMemos(rpc: SolanaRpc, deployment: CorexSolanaDeployment, taskId: Address): Promise<StatusMemo[]> {
  const memos: StatusMemo[] = [];
  for (const signature of await signaturesOldestFirst(rpc, taskId)) {
    const tx = await fetchJsonTransaction(rpc, signature);
    if (!tx || tx.meta?.err || tx.transaction.message.accountKeys[0] !== deployment.authority) continue;
    for (const memo of memosOf(tx.transaction.message)) {
      const parsed = parseStatusMemo(memo, taskId);
      if (parsed) memos.push({ taskId, ...parsed, signature, slot: tx.slot, blockTime: tx.blockTime });
    }
  }
  return memos;
}

type ParsedStatus = Pick<StatusMemo, 'status' | 'verification' | 'resultHash' | 'weightsHash'>;

/** A status memo of this task, v2 or v1; null for anything else. */
export function parseStatusMemo(memo: string, taskId: string): ParsedStatus | null {
  const fields = (prefix: string) => (memo.startsWith(`${prefix}${taskId}:`) ? memo.slice(prefix.length + taskId.length + 1).split(':') : null);
  const v2 = fields(STATUS_MEMO_PREFIX);
  if (v2) {
    const [status, verification, result, weights, ...rest] = v2;
    if (rest.length || !SOLANA_TASK_VERIFICATIONS.includes(verification as SolanaTaskVerification) || !isHash(weights)) return null;
    return withStatus(status, result, { verification: verification as SolanaTaskVerification, weightsHash: `0x${weights}` });
  }
  const v1 = fields(STATUS_MEMO_V1_PREFIX);
  if (!v1 || v1.length !== 2) return null;
  return withStatus(v1[0], v1[1], { verification: 'none', weightsHash: `0x${ZERO_HASH}` });
}

const isHash = (hex: string | undefined): hex is string => /^[0-9a-f]{64}$/.test(hex ?? '');

function withStatus(status: string | undefined, result: string | undefined, rest: Pick<StatusMemo, 'verification' | 'weightsHash'>): ParsedStatus | null {
  if (!SOLANA_TASK_STATUSES.includes(status as SolanaTaskStatus) || !isHash(result)) return null;
  return { status: status as SolanaTaskStatus, resultHash: `0x${result}`, ...rest };
}
