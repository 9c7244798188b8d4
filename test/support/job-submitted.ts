import { JobSubmitted, type NewEvent } from '@corex/events';

/** A valid JobSubmitted event for tests that append to the real log; `id` fixes the event id (dedupe tests). */
export function jobSubmitted(jobId: string, id?: string): NewEvent {
  return {
    ...(id ? { id } : {}),
    type: JobSubmitted.type,
    data: {
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
    },
  };
}
