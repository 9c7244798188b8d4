import type { Job } from '@corex/client';

/** Training jobs progress by steps; the others by fragments. */
export function progressOf(job: Pick<Job, 'type' | 'progress'>): { done: number; total: number; unit: string } {
  if (job.type === 'training' && job.progress.totalSteps > 0) return { done: job.progress.step, total: job.progress.totalSteps, unit: 'steps' };
  return { done: job.progress.fragments.completed, total: job.progress.fragments.planned, unit: 'fragments' };
}

export function Progress({ job }: { job: Pick<Job, 'type' | 'progress'> }) {
  const { done, total, unit } = progressOf(job);
  const label = `${done} of ${total} ${unit}`;
  return (
    <span className="progress">
      <progress max={Math.max(total, 1)} value={Math.min(done, Math.max(total, 1))} aria-label={label} />
      <span>{label}</span>
    </span>
  );
}
