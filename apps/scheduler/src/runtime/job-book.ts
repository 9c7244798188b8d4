import type { FragmentTask, JobSubmittedData } from '@corex/events';
import type { CompletedPart } from '../coordination/result-documents';

export type JobPhase = 'submitted' | 'planned' | 'finished';

/** What the scheduler remembers of one job, rebuilt from its events. */
export interface JobEntry {
  job: JobSubmittedData;
  phase: JobPhase;
  /** Stream sequence of the job aggregate's last event: the expected version of the next append. */
  version: number;
  step: number;
  totalSteps: number;
  /** Fragments of the current step, with their result once it counts (completed, and verified when verification is required). */
  stepFragments: Map<string, StepFragment>;
  /** Weights the current step's fragments use (training). */
  weightsHash: string | null;
  /** Set while a step is being aggregated or planned, so it is done once. */
  busy: boolean;
  /** Something changed since the job was last advanced. */
  dirty?: boolean;
  /** Consecutive failures to advance it (backs off the retries). */
  failures?: number;
  /** A fragment of it that failed on too many leases: the job fails. */
  exhaustedFragment?: string;
}

export interface StepFragment {
  rowRange: readonly [number, number];
  task: FragmentTask;
  /** The result that counts for the step. */
  resultHash?: string;
  /** A completed result waiting for its verdict (FragmentVerified naming this lease). */
  unverified?: { leaseId: string; resultHash: string };
}

/**
 * A fragment's result counts for its step: at once when verification is off, else when a
 * FragmentVerified names the lease that completed it.
 */
export function resultCompleted(part: StepFragment, leaseId: string, resultHash: string, verification: 'required' | 'off'): void {
  if (verification === 'off') part.resultHash = resultHash;
  else part.unverified = { leaseId, resultHash };
}

/** FragmentVerified for `leaseId`: its result counts. */
export function resultVerified(part: StepFragment, leaseId: string): void {
  if (part.unverified?.leaseId !== leaseId) return;
  part.resultHash = part.unverified.resultHash;
  part.unverified = undefined;
}

/** A fraud or rejection verdict: the fragment is redone, its result no longer counts. */
export function resultRejected(part: StepFragment): void {
  part.resultHash = undefined;
  part.unverified = undefined;
}

export function completedParts(entry: JobEntry): CompletedPart[] | null {
  const parts: CompletedPart[] = [];
  for (const f of entry.stepFragments.values()) {
    if (!f.resultHash) return null;
    parts.push({ rowRange: f.rowRange, resultHash: f.resultHash });
  }
  return parts.length ? parts : null;
}
