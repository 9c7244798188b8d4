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
  /** Adam's moments after the last aggregated step (JobStepCompleted.optimizerStateHash). */
  optimizerStateHash?: string;
  /** Set while a step is being aggregated or planned, so it is done once. */
  busy: boolean;
  /** Something changed since the job was last advanced. */
  dirty?: boolean;
  /** Consecutive failures to advance it (backs off the retries). */
  failures?: number;
  /** A fragment of it that failed on too many leases: the job fails. */
  exhaustedFragment?: string;
  /** Fragments of the current step given up (JobFragmentsAbandoned), with the node that held each: the step's stragglers. */
  abandoned?: Map<string, { nodeId: string | null; reason: 'deadline' | 'dropout' }>;
  /** When the current step was planned (epoch ms, from JobFragmentsPlanned.plannedAt): its deadline counts from here. */
  plannedAtMs?: number;
}

export interface StepFragment {
  rowRange: readonly [number, number];
  task: FragmentTask;
  /** The result that counts for the step. */
  resultHash?: string;
  /** The node whose lease produced the counted result. */
  nodeId?: string;
  /** A completed result waiting for its verdict (FragmentVerified naming this lease). */
  unverified?: { leaseId: string; resultHash: string; nodeId: string };
}

/**
 * A fragment's result counts for its step: at once when verification is off, else when a
 * FragmentVerified names the lease that completed it.
 */
export function resultCompleted(part: StepFragment, leaseId: string, resultHash: string, nodeId: string, verification: 'required' | 'off'): void {
  if (verification === 'off') Object.assign(part, { resultHash, nodeId });
  else part.unverified = { leaseId, resultHash, nodeId };
}

/** FragmentVerified for `leaseId`: its result counts. */
export function resultVerified(part: StepFragment, leaseId: string): void {
  if (part.unverified?.leaseId !== leaseId) return;
  part.resultHash = part.unverified.resultHash;
  part.nodeId = part.unverified.nodeId;
  part.unverified = undefined;
}

/** A fraud or rejection verdict: the fragment is redone, its result no longer counts. */
export function resultRejected(part: StepFragment): void {
  part.resultHash = undefined;
  part.nodeId = undefined;
  part.unverified = undefined;
}

/** Every remaining (not abandoned) fragment of the step with the result that counts, or null while one still lacks it. */
export function completedParts(entry: JobEntry): CompletedPart[] | null {
  const parts = countedParts(entry);
  return parts.length && parts.length === entry.stepFragments.size ? parts : null;
}

/** The step's fragments whose result counts now (a step deadline may close the step with these). */
export function countedParts(entry: JobEntry): CompletedPart[] {
  const parts: CompletedPart[] = [];
  for (const [fragmentId, f] of entry.stepFragments) {
    if (f.resultHash) parts.push({ fragmentId, rowRange: f.rowRange, resultHash: f.resultHash, nodeId: f.nodeId ?? null });
  }
  return parts;
}
