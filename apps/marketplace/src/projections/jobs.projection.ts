import type { EventEnvelope } from '@corex/events';
import type { ProjectionDefinition } from '@corex/projections';
import { evolveJobRow, jobRowEventTypes } from './jobs.evolve';
import type { JobRow } from './jobs.row';

export type { JobRow, TrainingStep } from './jobs.row';

/**
 * Jobs with their live progress. It reads job and fragment events, so it consumes every
 * event (`>`): the 2.9 server allows one filter per consumer. Fragment events carry `jobId`.
 */
export const jobsProjection: ProjectionDefinition<JobRow> = {
  name: 'marketplace.jobs',
  table: 'marketplace.jobs',
  key: 'id',
  filter: '>',
  handles: jobRowEventTypes,
  keyOf: (e: EventEnvelope) => (e.data as { jobId: string }).jobId,
  evolve: evolveJobRow,
};
