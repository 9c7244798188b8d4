import type { TaskStatusName, TaskVerification } from '@corex/events';

/** The zero bytes32: a TaskStatus without a result or weights hash. */
export const ZERO_HASH = `0x${'0'.repeat(64)}`;

/**
 * Statuses only move forward: accepted < running < one terminal (completed, failed or cancelled),
 * as TaskPortal ranks them (it reverts TaskPortalStatusNotForward otherwise). Their wire codes are
 * @corex/wormhole's TASK_STATUS and VERIFICATION.
 */
export function statusRank(status: TaskStatusName): number {
  return status === 'accepted' ? 1 : status === 'running' ? 2 : 3;
}

export function isTerminal(status: TaskStatusName): boolean {
  return statusRank(status) === 3;
}

/** What the verifier said about a job's results, counted by the caller from its verification events. */
export interface JobVerdicts {
  /** FragmentVerified events of the job. */
  verified: number;
  /** FraudDetected events naming the job. */
  fraud: number;
}

/** The verification outcome a terminal TaskStatus carries: any fraud fails it, any verified result passes it. */
export function taskVerificationOf(verdicts: JobVerdicts): TaskVerification {
  if (verdicts.fraud > 0) return 'failed';
  return verdicts.verified > 0 ? 'passed' : 'none';
}

/** A sha256 hex (as jobs record results) as the bytes32 a TaskStatus carries. */
export function hashToBytes32(sha256Hex: string | undefined): string {
  return sha256Hex ? `0x${sha256Hex.toLowerCase()}` : ZERO_HASH;
}
