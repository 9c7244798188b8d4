import { JobSubmitted, type EventEnvelope, type StoredEvent } from '@corex/events';
import { collapseBatch, type ProjectionDefinition } from '../index';

export interface JobCount {
  id: string;
  count: number;
  last_seq: number;
}

export const JOB_COUNTS_DDL = `CREATE SCHEMA proj_excl; CREATE TABLE proj_excl.job_counts (id text PRIMARY KEY, count int NOT NULL, last_seq bigint NOT NULL)`;

/**
 * Counts JobSubmitted events per job. Counting is not idempotent by nature: an event applied
 * twice or skipped shows as a wrong count. `onEvolve` counts the events this instance folded.
 */
export function jobCounts(onEvolve: () => void = () => undefined): ProjectionDefinition<JobCount> {
  return {
    name: 'test.job_counts',
    table: 'proj_excl.job_counts',
    key: 'id',
    filter: 'job.*',
    handles: [JobSubmitted.type],
    keyOf: (e: EventEnvelope) => (e.data as { jobId: string }).jobId,
    evolve: (row, e, seq) => {
      onEvolve();
      return { id: (e.data as { jobId: string }).jobId, count: (row?.count ?? 0) + 1, last_seq: seq };
    },
  };
}

/** The read model a fold of the whole log gives, in the table's order. */
export function foldAll(events: StoredEvent[]): JobCount[] {
  const { upserts } = collapseBatch(jobCounts(), events, 0, new Map());
  return upserts.sort((a, b) => a.id.localeCompare(b.id));
}
