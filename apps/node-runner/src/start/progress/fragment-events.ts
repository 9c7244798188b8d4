import type { Assignment } from '@corex/node-protocol';
import type { ExecutionResult } from '../../execute/execute-task';
import type { ReleaseReason } from '../work-client';

/** What happened to one fragment on this node. */
export type FragmentEvent =
  | { type: 'started'; assignment: Assignment }
  | { type: 'submitting'; assignment: Assignment; result: ExecutionResult }
  | { type: 'finished'; assignment: Assignment; result: ExecutionResult }
  /** The scheduler refused the result (e.g. NODE.LEASE_STALE); the node moves on. */
  | { type: 'refused'; assignment: Assignment; code: string; message: string }
  /** Execution failed, or the result could not be delivered. */
  | { type: 'failed'; assignment: Assignment; code: string; message: string }
  | { type: 'released'; assignment: Assignment; reason: ReleaseReason; accepted: boolean };

export interface WorkerTotals {
  completed: number;
  failed: number;
  refused: number;
  released: number;
  rows: number;
}

export const emptyTotals = (): WorkerTotals => ({ completed: 0, failed: 0, refused: 0, released: 0, rows: 0 });

/** Adds one event to the totals. */
export function countEvent(totals: WorkerTotals, event: FragmentEvent): WorkerTotals {
  switch (event.type) {
    case 'finished':
      return { ...totals, completed: totals.completed + 1, rows: totals.rows + event.result.rowsProcessed };
    case 'refused':
      return { ...totals, refused: totals.refused + 1 };
    case 'failed':
      return { ...totals, failed: totals.failed + 1 };
    case 'released':
      return { ...totals, released: totals.released + 1 };
    default:
      return totals;
  }
}

/** Shows the node's work: live bars on a terminal, one log line per event otherwise. */
export interface ProgressReporter {
  fragment(event: FragmentEvent, totals: WorkerTotals): void;
  /** A node-level message (started, stopping, scheduler unreachable). */
  node(message: string, fields?: Record<string, unknown>): void;
  close(totals: WorkerTotals): void;
}

/** The stable code of a failed fragment (a CorexError's code), or a generic one. */
export function failureCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length <= 64 ? code : 'RUNNER.EXECUTION_FAILED';
}
