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
  /** Fragments of the current step, with their result once completed. */
  stepFragments: Map<string, { rowRange: readonly [number, number]; task: FragmentTask; resultHash?: string }>;
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

export function completedParts(entry: JobEntry): CompletedPart[] | null {
  const parts: CompletedPart[] = [];
  for (const f of entry.stepFragments.values()) {
    if (!f.resultHash) return null;
    parts.push({ rowRange: f.rowRange, resultHash: f.resultHash });
  }
  return parts.length ? parts : null;
}
