import type { CorexClient } from './client';
import type { components } from './generated/marketplace';
import { applyMergePatch } from './merge-patch';
import { CorexProblemError, isProblem } from './problem';
import { readSse } from './sse';

export type Job = components['schemas']['Job'];

const TERMINAL: readonly Job['status'][] = ['completed', 'failed', 'cancelled'];
export const isFinished = (job: Pick<Job, 'status'>) => TERMINAL.includes(job.status);

/**
 * The job as it changes, live (GET /v1/jobs/{id}/events, docs/job-events.md): first the whole view,
 * then the view after each patch the server sends, until the job finished (the stream ends there).
 * Changes close together arrive as one view; page /v1/jobs/{id}/steps for every training step.
 */
export async function* followJob(client: CorexClient, jobId: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<Job> {
  const { data, error, response } = await client.GET('/v1/jobs/{id}/events', {
    params: { path: { id: jobId } },
    parseAs: 'stream',
    headers: { accept: 'text/event-stream' },
    ...(options.signal && { signal: options.signal }),
  });
  if (!response.ok || !data) {
    if (isProblem(error)) throw new CorexProblemError(error);
    throw new Error(`${response.status} following job ${jobId}`);
  }
  let job: Job | undefined;
  for await (const message of readSse(data)) {
    const body: unknown = JSON.parse(message.data);
    // Nulls kept: the view reads an absent member as null (docs/job-events.md), as GET /v1/jobs/{id} shows it.
    job = message.event === 'job' ? (body as Job) : applyMergePatch(job, body, 'keep');
    if (job) yield job;
  }
}

/** The job's view once it finished (completed, failed or cancelled), followed live. */
export async function jobFinished(client: CorexClient, jobId: string, options: { signal?: AbortSignal } = {}): Promise<Job> {
  let last: Job | undefined;
  for await (const job of followJob(client, jobId, options)) last = job;
  if (!last || !isFinished(last)) throw new Error(`the event stream of job ${jobId} ended before the job finished (last status: ${last?.status ?? 'none'})`);
  return last;
}
