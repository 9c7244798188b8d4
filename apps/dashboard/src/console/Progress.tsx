import type { Job } from '@corex/client';
import { progressOf } from './job-figures';

export function Progress({ job }: { job: Pick<Job, 'type' | 'progress' | 'latestStep'> }) {
  const { done, total, unit } = progressOf(job);
  const label = `${done} of ${total} ${unit}`;
  return (
    <span className="progress">
      <progress max={Math.max(total, 1)} value={Math.min(done, Math.max(total, 1))} aria-label={label} />
      <span>{label}</span>
    </span>
  );
}
