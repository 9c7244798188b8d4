import { JobSubmitted, type EventEnvelope } from '@corex/events';
import type { ProjectionDefinition } from '@corex/projections';
import { evolveJobRow, jobRowEventTypes } from './jobs.evolve';
import type { JobRow } from './jobs.row';

export type { JobRow, TrainingStep, TrainingStepSummary } from './jobs.row';

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
  // A submitted job's row comes from the event alone: catching up on submissions reads no rows.
  creates: [JobSubmitted.type],
  keyOf: (e: EventEnvelope) => (e.data as { jobId: string }).jobId,
  evolve: evolveJobRow,
};
