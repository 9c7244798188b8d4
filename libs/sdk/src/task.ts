import type { ChainName } from './chains';

/** A task's status on its origin chain: `submitted` until the network's first status arrives. */
export type TaskStatusName = 'submitted' | 'accepted' | 'running' | 'completed' | 'failed' | 'cancelled';
/** The gradient-verification outcome carried with the status. */
export type VerificationName = 'none' | 'passed' | 'failed';

/** Statuses in the TaskStatus payload's numbering (0 = none received yet). */
export const TASK_STATUS_NAMES: readonly TaskStatusName[] = ['submitted', 'accepted', 'running', 'completed', 'failed', 'cancelled'];
const VERIFICATION_NAMES: readonly VerificationName[] = ['none', 'passed', 'failed'];
/** Statuses after which nothing changes. */
export const TERMINAL_STATUSES: readonly TaskStatusName[] = ['completed', 'failed', 'cancelled'];

/** A task as its origin chain records it, the same shape on every chain. */
export interface TaskView {
  readonly taskId: string;
  readonly chain: ChainName;
  readonly status: TaskStatusName;
  /** `none` until a terminal status (and on Solana tasks whose status memos are v1). */
  readonly verification: VerificationName;
  /** 0x bytes32 of the result document, null until there is one. */
  readonly resultHash: string | null;
  /** 0x bytes32 of the trained weights, null when none. */
  readonly weightsHash: string | null;
  /** The submitter's address (EVM) or public key (Solana). */
  readonly submitter: string;
  /** The escrow in CXT wei (18 decimals) on every chain. */
  readonly escrow: bigint;
  /** The escrow went to the network (task completed). */
  readonly escrowReleased: boolean;
  /** The escrow went back to the submitter (task failed or cancelled). */
  readonly escrowRefunded: boolean;
}

/** True once `status` is final. */
export const isTerminal = (status: TaskStatusName): boolean => TERMINAL_STATUSES.includes(status);

/** accepted < running < terminal; the terminal statuses rank alike (the portal's forward-only rule). */
export const statusRank = (status: TaskStatusName): number => Math.min(TASK_STATUS_NAMES.indexOf(status), 3);

/** The status name of a payload status number. */
export const statusName = (status: number): TaskStatusName => TASK_STATUS_NAMES[status] ?? 'submitted';

/** The verification name of a payload verification number. */
export const verificationName = (verification: number): VerificationName => VERIFICATION_NAMES[verification] ?? 'none';

const ZERO = /^0x0{64}$/;
/** A bytes32 hash, or null when it is zero (not set). */
export const hashOrNull = (hash: string): string | null => (ZERO.test(hash) ? null : hash.toLowerCase());
