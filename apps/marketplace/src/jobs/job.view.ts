import type { JobRow } from '../projections';

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
  submittedAt: string;
  updatedAt: string;
}

export function toJobView(row: JobRow & { submitted_at: Date | string; updated_at: Date | string }): JobView {
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
    submittedAt: new Date(row.submitted_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
