import type { EventLog } from '@corex/eventstore';
import { IllegalStateError, type Logger } from '@corex/platform';
import { ServiceUnavailableError } from '../../http/http-errors';
import type { StoredJobRow } from '../job.view';

/** The result of a completed job, or the problem a caller gets before it completed (409) or when it has none. */
export function completedResult(job: StoredJobRow): NonNullable<StoredJobRow['result']> {
  if (job.status === 'completed' && job.result) return job.result;
  const { status } = job;
  throw status === 'failed' || status === 'cancelled'
    ? new IllegalStateError('JOB.NO_RESULT', `job ${job.id} is ${status} and has no result`, { status })
    : new IllegalStateError('JOB.NOT_FINISHED', `job ${job.id} is ${status}; the result is ready once it completes`, { status });
}

/** The result document the scheduler stored for a completed job (JSON, by hash); 503 when it cannot be read or is not one. */
export async function readResultDocument(log: EventLog, logger: Logger, jobId: string, result: { resultHash: string; kind: string }): Promise<Record<string, unknown>> {
  const unavailable = (why: string) => {
    logger.error({ jobId, resultHash: result.resultHash, why }, 'job result blob unusable');
    return new ServiceUnavailableError('JOB.RESULT_UNAVAILABLE', 'the result of this job cannot be read right now');
  };
  const bytes = await (await log.blobs()).get(result.resultHash).catch(() => {
    throw unavailable('blob store read failed or hash mismatch');
  });
  if (!bytes) throw unavailable('blob missing');
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw unavailable('blob is not JSON');
  }
  if ((document as { kind?: unknown } | null)?.kind !== result.kind) throw unavailable(`document kind is not ${result.kind}`);
  return document as Record<string, unknown>;
}
