import type { Address, Signature } from '@solana/kit';
import type { CorexSolanaDeployment } from './deployment';
import { fetchJsonTransaction, signaturesOldestFirst, type HistoryOptions } from './history';
import type { SolanaRpc } from './send';
import { parseTaskTransfer, type ParseOptions, type SolanaRejection, type SolanaTask } from './task-parse';

/** What one scan found, oldest first, and where the next scan starts. */
export interface TaskScan {
  readonly tasks: SolanaTask[];
  readonly rejections: SolanaRejection[];
  /** The newest signature scanned (pass it as `until` next time); `until` itself when nothing new was read. */
  readonly cursor: Signature | undefined;
}

/** Options of {@link findTaskTransfers}. */
export interface FindOptions extends HistoryOptions, ParseOptions {
  /** Address whose history is scanned: the escrow (default) to watch every payment, or a reference to look one task up. */
  readonly address?: Address;
}

/**
 * Scans the transactions that name the escrow (or a task's reference) since `until` and parses each as a task payment.
 * Transactions paid by the bridge authority (setup, status memos, rewards, releases and refunds) are its own and skipped.
 */
export async function findTaskTransfers(rpc: SolanaRpc, deployment: CorexSolanaDeployment, options: FindOptions = {}): Promise<TaskScan> {
  const signatures = await signaturesOldestFirst(rpc, options.address ?? deployment.escrow, options);
  const tasks: SolanaTask[] = [];
  const rejections: SolanaRejection[] = [];
  let cursor = options.until;
  for (const signature of signatures) {
    const tx = await fetchJsonTransaction(rpc, signature);
    // Listed but not served yet (a node behind its index): stop here so the next scan starts from it again.
    if (!tx) break;
    cursor = signature;
    if (tx.transaction.message.accountKeys[0] === deployment.authority) continue;
    const parsed = parseTaskTransfer(tx, deployment, options);
    if (parsed.ok) tasks.push(parsed.task);
    else rejections.push(parsed.rejection);
  }
  return { tasks, rejections, cursor };
}
