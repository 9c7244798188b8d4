import { randomUUID } from 'node:crypto';
import { JobSubmitted, subjects, type JobSubmittedData, type NewEvent } from '@corex/events';
import type { EventLog } from '@corex/eventstore';

/** A valid JobSubmitted payload; `overrides` replace any field. */
export function jobSubmittedData(jobId: string, overrides: Partial<Record<keyof JobSubmittedData, unknown>> = {}): JobSubmittedData {
  return {
    jobId,
    accountId: 'acc-1',
    type: 'inference',
    model: 'm',
    dataset: 'd',
    budget: '1',
    priority: 'normal',
    requirements: {},
    params: {},
    submittedAt: new Date().toISOString(),
    ...overrides,
  } as JobSubmittedData;
}

/** A valid JobSubmitted event for tests that append to the real log; `id` fixes the event id (dedupe tests). */
export function jobSubmitted(jobId: string, id?: string): NewEvent {
  return { ...(id ? { id } : {}), type: JobSubmitted.type, data: jobSubmittedData(jobId) };
}

/** Submits a penguins-mlp job on penguins as the marketplace would (`overrides` replace fields); returns its id. */
export async function submitPenguinsJob(log: EventLog, overrides: Partial<Record<keyof JobSubmittedData, unknown>> = {}): Promise<string> {
  const jobId = randomUUID();
  const data = jobSubmittedData(jobId, { model: 'penguins-mlp', dataset: 'penguins', budget: '5', ...overrides });
  await log.store.append(subjects.job(jobId), [{ type: JobSubmitted.type, data }], 0);
  return jobId;
}
