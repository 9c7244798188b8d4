import type { FragmentFailure, JobResult, JobStepCompletedData, VerificationPolicy } from '@corex/events';

/** A training step's held-out metrics: `accuracy` for a classifier, `rmse` and `r2` for a regressor. */
export interface TrainingStepSummary {
  step: number;
  loss: number;
  accuracy?: number;
  rmse?: number;
  r2?: number;
}

/** How a step was aggregated, as far as its event says (older events say none of it). */
export type TrainingStepDetails = Partial<
  Pick<JobStepCompletedData, 'optimizer' | 'rule' | 'participants' | 'rejected' | 'stragglers' | 'accepted' | 'validationLoss' | 'federated'>
>;

/** The newest step as the job view and its event stream show it: metrics plus how it was aggregated. */
export type LatestTrainingStep = TrainingStepSummary & TrainingStepDetails;

/** A training step with the weights it produced (`marketplace.job_steps`). */
export interface TrainingStep extends TrainingStepSummary, TrainingStepDetails {
  weightsHash: string;
  /** The weights it started from; null at step 0 from fresh weights. */
  parentWeightsHash?: string | null;
}

/** One row of `marketplace.jobs`: the job as submitted plus its live progress. */
export interface JobRow {
  id: string;
  account_id: string;
  type: string;
  model: string;
  dataset: string;
  budget: string;
  priority: string;
  /** submitted → planned → running → completed | failed | cancelled */
  status: string;
  requirements: Record<string, unknown>;
  params: Record<string, unknown>;
  idempotency_key: string | null;
  /** The verification policy submitted with the job; null: none was sent (adaptive). */
  verification: VerificationPolicy | null;
  current_step: number;
  total_steps: number;
  fragments_planned: number;
  /** Leases open right now. */
  fragments_assigned: number;
  /** Planned fragments with a first result. */
  fragments_completed: number;
  /** Leases that ended without a result (the fragment was re-queued). */
  fragments_failed: number;
  rows_total: number;
  rows_processed: number;
  /** Planned fragments without a result yet, with their row counts: only the outstanding work is kept. */
  pending_fragments: Record<string, number>;
  /** Open leases: lease id → fragment id. */
  active_leases: Record<string, string>;
  /** The training step with the highest number so far; every step is in `marketplace.job_steps`. */
  latest_step: LatestTrainingStep | null;
  /** The step with the best held-out metric: highest accuracy, lowest rmse, else lowest loss. */
  best_step: TrainingStepSummary | null;
  /** Stream sequence of the newest step event: the steps projection holds every step once it got there (0: none yet). */
  steps_seq: number;
  result: JobResult | null;
  /** Why the job failed; `fragment`: the fragment it failed on, with every attempt and its error. */
  failure: { code: string; reason: string; fragment?: FragmentFailure } | null;
  submitted_at: string;
  started_at: string | null;
  completed_at: string | null;
  finished_at: string | null;
  updated_at: string;
  created_seq: number;
  version: number;
}
