import { JobStepCompleted, type EventEnvelope, type JobStepCompletedData } from '@corex/events';
import type { ProjectionDefinition } from '@corex/projections';

/** One training step of a job, as paged by GET /v1/jobs/{id}/steps; an accepted step is a model version (GET /v1/models/{jobId}/versions). */
export interface JobStepRow {
  /** `<jobId>:<step>`: a step reported twice is one row. */
  id: string;
  job_id: string;
  step: number;
  loss: number;
  accuracy: number | null;
  rmse: number | null;
  r2: number | null;
  weights_hash: string;
  /** The weights the step started from; null at step 0 from fresh weights, and in events before the field. */
  parent_weights_hash: string | null;
  optimizer: string | null;
  rule: string | null;
  participants: NonNullable<JobStepCompletedData['participants']> | null;
  rejected: NonNullable<JobStepCompletedData['rejected']> | null;
  stragglers: NonNullable<JobStepCompletedData['stragglers']> | null;
  /** False: the step's weights were refused (weights_hash is the parent's); null: not said (accepted). */
  accepted: boolean | null;
  validation_loss: number | null;
  federated: JobStepCompletedData['federated'] | null;
  completed_at: string;
  version: number;
}

/**
 * Training steps, one row each, kept apart from the job row so that a step is one insert and a
 * job's row does not grow with its steps. Who may read them is decided by the job's row.
 */
export const jobStepsProjection: ProjectionDefinition<JobStepRow> = {
  name: 'marketplace.job_steps',
  table: 'marketplace.job_steps',
  key: 'id',
  filter: 'job.*',
  handles: [JobStepCompleted.type],
  creates: [JobStepCompleted.type],
  keyOf: (e: EventEnvelope) => {
    const d = e.data as JobStepCompletedData;
    return `${d.jobId}:${d.step}`;
  },
  evolve: (_row, e, seq) => {
    const d = e.data as JobStepCompletedData;
    return {
      id: `${d.jobId}:${d.step}`,
      job_id: d.jobId,
      step: d.step,
      loss: d.loss,
      accuracy: d.accuracy ?? null,
      rmse: d.rmse ?? null,
      r2: d.r2 ?? null,
      weights_hash: d.weightsHash,
      parent_weights_hash: d.parentWeightsHash ?? null,
      optimizer: d.optimizer ?? null,
      rule: d.rule ?? null,
      participants: d.participants ?? null,
      rejected: d.rejected ?? null,
      stragglers: d.stragglers ?? null,
      accepted: d.accepted ?? null,
      validation_loss: d.validationLoss ?? null,
      federated: d.federated ?? null,
      completed_at: d.completedAt,
      version: seq,
    };
  },
};
