import type { JobResult } from '@corex/events';
import type { JobRow, TrainingStep } from '../projections';

export interface JobProgress {
  step: number;
  totalSteps: number;
  fragments: { planned: number; inProgress: number; completed: number; failed: number };
  rows: { total: number; processed: number };
}

export interface JobView {
  id: string;
  type: string;
  model: string;
  dataset: string;
  budget: string;
  priority: string;
  status: string;
  requirements: Record<string, unknown>;
  params: Record<string, unknown>;
  progress: JobProgress;
  /** The newest training step; every step is paged at /v1/jobs/{id}/steps. Null before the first. */
  latestStep: TrainingStep | null;
  /** The step with the best held-out metric (highest accuracy; lowest loss without accuracy). */
  bestStep: TrainingStep | null;
  /** Summary of the outcome; the full document is at /v1/jobs/{id}/result. */
  result: JobResult | null;
  failure: { code: string; reason: string } | null;
  submittedAt: string;
  startedAt: string | null;
  completedAt: string | null;
  /** When the job reached a terminal status (completed, failed or cancelled). */
  finishedAt: string | null;
  /** From the first assignment to the end, or to now while it runs; null before it starts. */
  elapsedMs: number | null;
  updatedAt: string;
}

export type StoredJobRow = Omit<JobRow, 'submitted_at' | 'updated_at' | 'started_at' | 'completed_at' | 'finished_at'> & {
  submitted_at: Date | string;
  updated_at: Date | string;
  started_at: Date | string | null;
  completed_at: Date | string | null;
  finished_at: Date | string | null;
};

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export function toJobView(row: StoredJobRow, now: Date): JobView {
  const started = row.started_at === null ? null : new Date(row.started_at).getTime();
  const end = row.finished_at === null ? now.getTime() : new Date(row.finished_at).getTime();
  return {
    id: row.id,
    type: row.type,
    model: row.model,
    dataset: row.dataset,
    budget: row.budget,
    priority: row.priority,
    status: row.status,
    requirements: row.requirements,
    params: row.params,
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
  };
}
