import type { JobRow } from '../projections';
import type { JobView } from './job.view.schema';

export type { JobView } from './job.view.schema';

/** Progress as the view shows it; the row's counters under client-facing names. */
export type JobProgress = JobView['progress'];

export type StoredJobRow = Omit<JobRow, 'submitted_at' | 'updated_at' | 'started_at' | 'completed_at' | 'finished_at'> & {
  submitted_at: Date | string;
  updated_at: Date | string;
  started_at: Date | string | null;
  completed_at: Date | string | null;
  finished_at: Date | string | null;
};

/** A training job's steps, registered model versions and report. */
export function trainingLinks(jobId: string): NonNullable<JobView['links']> {
  const id = encodeURIComponent(jobId);
  return { steps: `/v1/jobs/${id}/steps`, versions: `/v1/models/${id}/versions`, report: `/v1/jobs/${id}/report.svg` };
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export function toJobView(row: StoredJobRow, now: Date): JobView {
  const started = row.started_at === null ? null : new Date(row.started_at).getTime();
  const end = row.finished_at === null ? now.getTime() : new Date(row.finished_at).getTime();
  return {
    id: row.id,
    // Row columns hold what validated events carried: the view names their types.
    type: row.type as JobView['type'],
    model: row.model,
    dataset: row.dataset,
    budget: row.budget,
    priority: row.priority as JobView['priority'],
    status: row.status as JobView['status'],
    requirements: row.requirements as JobView['requirements'],
    params: row.params as JobView['params'],
    progress: {
      step: row.current_step,
      totalSteps: row.total_steps,
      fragments: {
        planned: row.fragments_planned,
        inProgress: row.fragments_assigned,
        completed: row.fragments_completed,
        failed: row.fragments_failed,
      },
      rows: { total: Number(row.rows_total), processed: Number(row.rows_processed) },
    },
    latestStep: row.latest_step,
    bestStep: row.best_step,
    result: row.result,
    failure: row.failure,
    submittedAt: iso(row.submitted_at)!,
    startedAt: iso(row.started_at),
    completedAt: iso(row.completed_at),
    finishedAt: iso(row.finished_at),
    elapsedMs: started === null ? null : Math.max(0, end - started),
    updatedAt: iso(row.updated_at)!,
    ...(row.type === 'training' && { links: trainingLinks(row.id) }),
  };
}
