import { JobCancelled, JobCompleted, JobFailed, type EventEnvelope } from '@corex/events';
import type { ProjectionDefinition } from '@corex/projections';
import type { DecidingEvent } from './node-leases.projection';

/**
 * The event that ended each job (`marketplace.job_ends`). The operator views read a lease's end
 * from its own FragmentLeaseEnded; this closes the leases a job's end closed without one: those
 * a cancellation closed before the scheduler recorded their ends (older logs, or an end lost to
 * a scheduler crash), and those still open when a job completed or failed.
 */
export interface JobEndRow {
  job_id: string;
  status: 'completed' | 'failed' | 'cancelled';
  ended: DecidingEvent;
  version: number;
}

const STATUS: Record<string, JobEndRow['status']> = { [JobCompleted.type]: 'completed', [JobFailed.type]: 'failed', [JobCancelled.type]: 'cancelled' };

export const jobEndsProjection: ProjectionDefinition<JobEndRow> = {
  name: 'marketplace.job_ends',
  table: 'marketplace.job_ends',
  key: 'job_id',
  filter: 'job.*',
  handles: Object.keys(STATUS),
  keyOf: (e: EventEnvelope) => (e.data as { jobId: string }).jobId,
  // A job ends once: the first terminal event decides.
  evolve: (row, e, seq) => row ?? { job_id: (e.data as { jobId: string }).jobId, status: STATUS[e.type]!, ended: { type: e.type, id: e.id, time: e.time, seq }, version: seq },
};
