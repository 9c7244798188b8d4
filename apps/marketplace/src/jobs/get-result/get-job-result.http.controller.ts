import { Controller, Get, Inject, Param, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import type { EventLog } from '@corex/eventstore';
import { IllegalStateError, type Logger } from '@corex/platform';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { NotFoundCode } from '../../http/request-strings.interceptor';
import { ServiceUnavailableError } from '../../http/http-errors';
import { DATA_SOURCE, EVENT_LOG, LOGGER } from '../../infrastructure/tokens';
import { findOwnJob } from '../job.queries';

@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
@NotFoundCode('JOB.NOT_FOUND')
export class GetJobResultController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The completed job's result document, as the scheduler stored it (JSON, addressed by hash). */
  @Get(':id/result')
  async result(@CurrentCaller() caller: Caller, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const job = await findOwnJob(this.ds, caller.accountId, id);
    if (job.status !== 'completed' || !job.result) {
      const { status } = job;
      throw status === 'failed' || status === 'cancelled'
        ? new IllegalStateError('JOB.NO_RESULT', `job ${id} is ${status} and has no result`, { status })
        : new IllegalStateError('JOB.NOT_FINISHED', `job ${id} is ${status}; the result is ready once it completes`, { status });
    }
    const bytes = await this.fetch(job.result.resultHash, job.result.kind, id);
    res.setHeader('ETag', `"${job.result.resultHash}"`);
    res.status(200).type('application/json').send(Buffer.from(bytes));
  }

  private async fetch(hash: string, kind: string, jobId: string): Promise<Uint8Array> {
    const unavailable = (why: string) => {
      this.logger.error({ jobId, resultHash: hash, why }, 'job result blob unusable');
      return new ServiceUnavailableError('JOB.RESULT_UNAVAILABLE', 'the result of this job cannot be read right now');
    };
    const bytes = await (await this.log.blobs()).get(hash).catch(() => {
      throw unavailable('blob store read failed or hash mismatch');
    });
    if (!bytes) throw unavailable('blob missing');
    let document: unknown;
    try {
      document = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw unavailable('blob is not JSON');
    }
    if ((document as { kind?: unknown } | null)?.kind !== kind) throw unavailable(`document kind is not ${kind}`);
    return bytes;
  }
}
