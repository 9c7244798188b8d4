import { JobSubmitted, type EventEnvelope, type JobSubmittedData } from '@corex/events';
import type { ProjectionDefinition } from '@corex/projections';

export interface JobRow {
  id: string;
  account_id: string;
  type: string;
  model: string;
  dataset: string;
  budget: string;
  priority: string;
  status: string;
  requirements: Record<string, unknown>;
  params: Record<string, unknown>;
  idempotency_key: string | null;
  submitted_at: string;
  updated_at: string;
  created_seq: number;
  version: number;
}

export const jobsProjection: ProjectionDefinition<JobRow> = {
  name: 'marketplace.jobs',
  table: 'marketplace.jobs',
  key: 'id',
  filter: 'job.*',
  handles: [JobSubmitted.type],
  keyOf: (e: EventEnvelope) => (e.data as { jobId: string }).jobId,
  evolve: (row, e, seq) => {
    if (e.type !== JobSubmitted.type) return row;
    const d = e.data as JobSubmittedData;
    return {
      id: d.jobId,
      account_id: d.accountId,
      type: d.type,
      model: d.model,
      dataset: d.dataset,
      budget: d.budget,
      priority: d.priority,
      status: 'submitted',
      requirements: d.requirements,
      params: d.params,
      idempotency_key: d.idempotencyKey ?? null,
      submitted_at: d.submittedAt,
      updated_at: e.time,
      created_seq: seq,
      version: seq,
    };
  },
};
