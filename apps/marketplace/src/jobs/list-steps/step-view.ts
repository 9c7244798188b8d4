import type { DataSource } from 'typeorm';
import type { TrainingStep } from '../../projections';
import type { JobStepRow } from '../../projections/job-steps.projection';

/** One training step as GET /v1/jobs/{id}/steps lists it. */
export type StepView = TrainingStep & { completedAt: string };

/** A job_steps row as read back: times as Date, the rest as stored. */
export type StoredStepRow = Omit<JobStepRow, 'id' | 'job_id' | 'version' | 'completed_at'> & { completed_at: Date | string };

export const STEP_COLUMNS =
  'step, loss, accuracy, rmse, r2, weights_hash, parent_weights_hash, optimizer, rule, participants, rejected, stragglers, accepted, validation_loss, federated, completed_at';

/** Members whose column is null are left out: the step's event did not carry them. */
const present = <T extends object>(members: T) => Object.fromEntries(Object.entries(members).filter(([, v]) => v !== null)) as { [K in keyof T]: NonNullable<T[K]> };

export function toStepView(r: StoredStepRow): StepView {
  return {
    step: r.step,
    loss: r.loss,
    ...present({ accuracy: r.accuracy, rmse: r.rmse, r2: r.r2 }),
    weightsHash: r.weights_hash,
    // null is meaningful for the parent (fresh weights at step 0), but the column cannot tell it from "not said".
    ...(r.parent_weights_hash === null ? {} : { parentWeightsHash: r.parent_weights_hash }),
    ...present({
      optimizer: r.optimizer as StepView['optimizer'] | null,
      rule: r.rule as StepView['rule'] | null,
      participants: r.participants,
      rejected: r.rejected,
      stragglers: r.stragglers,
      accepted: r.accepted,
      validationLoss: r.validation_loss,
      federated: r.federated,
    }),
    completedAt: new Date(r.completed_at).toISOString(),
  };
}

/** A page of a job's steps in step order, after step `afterStep` (exclusive). */
export async function stepsByNumber(ds: DataSource, jobId: string, afterStep: number | null, limit: number): Promise<StepView[]> {
  const rows: StoredStepRow[] = await ds.query(
    `SELECT ${STEP_COLUMNS} FROM marketplace.job_steps WHERE job_id = $1 AND ($2::int IS NULL OR step > $2) ORDER BY step LIMIT $3`,
    [jobId, afterStep, limit],
  );
  return rows.map(toStepView);
}
