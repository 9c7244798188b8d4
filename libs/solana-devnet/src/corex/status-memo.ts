import { AccountRole, type Address, type Signature, type TransactionSigner } from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import type { CorexSolanaDeployment } from './deployment';
import { fetchJsonTransaction, signaturesOldestFirst } from './history';
import { bytes32Hex, memoInstruction, memosOf, STATUS_MEMO_PREFIX } from './memos';
import { sendOrThrow, type SentTransaction, type SolanaRpc } from './send';

/** Task statuses, named as in the TaskStatus payload (1 accepted … 5 cancelled). */
export const SOLANA_TASK_STATUSES = ['accepted', 'running', 'completed', 'failed', 'cancelled'] as const;
/** A task status as written in a status memo. */
export type SolanaTaskStatus = (typeof SOLANA_TASK_STATUSES)[number];

/** A status memo read back from the chain. */
export interface StatusMemo {
  readonly taskId: Address;
  readonly status: SolanaTaskStatus;
  /** 0x-prefixed bytes32 (zero until there is a result). */
  readonly resultHash: string;
  readonly signature: Signature;
  readonly slot: bigint;
  readonly blockTime: bigint | null;
}

const ZERO_HASH = '0'.repeat(64);

/**
 * Writes `corex:status:v1:<taskId>:<status>:<resultHash hex>` signed by the bridge authority. The memo program (v2)
 * insists that every account it is given signs, so the task's reference key rides on a zero-lamport self-transfer of the
 * authority instead (read-only, non-signer): that makes the memo findable with `getSignaturesForAddress(taskId)`.
 */
export async function sendStatusMemo(
  rpc: SolanaRpc,
  authority: TransactionSigner,
  input: { taskId: Address; status: SolanaTaskStatus; resultHash?: string | Uint8Array },
): Promise<SentTransaction> {
  const hash = input.resultHash === undefined ? ZERO_HASH : bytes32Hex(input.resultHash);
  const memo = memoInstruction(`${STATUS_MEMO_PREFIX}${input.taskId}:${input.status}:${hash}`, [authority]);
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

function parseStatusMemo(memo: string, taskId: Address): { status: SolanaTaskStatus; resultHash: string } | null {
  const [status, hash, ...rest] = memo.startsWith(`${STATUS_MEMO_PREFIX}${taskId}:`) ? memo.slice(STATUS_MEMO_PREFIX.length + taskId.length + 1).split(':') : [];
  if (rest.length || !SOLANA_TASK_STATUSES.includes(status as SolanaTaskStatus) || !/^[0-9a-f]{64}$/.test(hash ?? '')) return null;
  return { status: status as SolanaTaskStatus, resultHash: `0x${hash}` };
}
