import type { JobRequirements, JobSubmittedData, jobPriorities, jobTypes } from '@corex/events';

export type JobType = (typeof jobTypes)[number];
export type JobPriority = (typeof jobPriorities)[number];

export interface JobRequest {
  type: JobType;
  model: string;
  dataset: string;
  budget: string;
  priority: JobPriority;
  requirements: JobRequirements;
  params: Record<string, unknown>;
  /** How its results are checked, as sent: checked by the decider (JOB.VERIFICATION_INVALID); absent = adaptive. */
  verification?: unknown;
}

/** Where a job is in its life, as far as its own events tell (fragment events live elsewhere). */
export type JobLifecycle = 'submitted' | 'planned' | 'completed' | 'failed' | 'cancelled';

export const terminalJobStatuses: readonly JobLifecycle[] = ['completed', 'failed', 'cancelled'];

export type JobState = { status: 'none' } | { status: JobLifecycle; job: JobSubmittedData };
