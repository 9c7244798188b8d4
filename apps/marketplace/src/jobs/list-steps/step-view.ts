import type { DataSource } from 'typeorm';
import type { TrainingStep } from '../../projections';

/** One training step as GET /v1/jobs/{id}/steps lists it. */
export type StepView = TrainingStep & { completedAt: string };

interface StepRow {
  step: number;
  loss: number;
  accuracy: number | null;
  rmse: number | null;
  r2: number | null;
  weights_hash: string;
  completed_at: Date | string;
}

const COLUMNS = 'step, loss, accuracy, rmse, r2, weights_hash, completed_at';

function toStepView(r: StepRow): StepView {
  return {
    step: r.step,
    loss: r.loss,
    ...(r.accuracy === null ? {} : { accuracy: r.accuracy }),
    ...(r.rmse === null ? {} : { rmse: r.rmse }),
    ...(r.r2 === null ? {} : { r2: r.r2 }),
    weightsHash: r.weights_hash,
    completedAt: new Date(r.completed_at).toISOString(),
  };
}

/** A page of a job's steps in step order, after step `afterStep` (exclusive). */
export async function stepsByNumber(ds: DataSource, jobId: string, afterStep: number | null, limit: number): Promise<StepView[]> {
  const rows: StepRow[] = await ds.query(
    `SELECT ${COLUMNS} FROM marketplace.job_steps WHERE job_id = $1 AND ($2::int IS NULL OR step > $2) ORDER BY step LIMIT $3`,
    [jobId, afterStep, limit],
  );
  return rows.map(toStepView);
}
