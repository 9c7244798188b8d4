import { Controller, Get, Inject, Param, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import type { EventLog } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { NotFoundCode } from '../../http/request-strings.interceptor';
import { DATA_SOURCE, EVENT_LOG, LOGGER } from '../../infrastructure/tokens';
import { withOutputUrls } from '../download-output/job-outputs';
import { findOwnJob } from '../job.queries';
import { completedResult, readResultDocument } from './result-document.reader';

@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
@NotFoundCode('JOB.NOT_FOUND')
export class GetJobResultController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The completed job's result document, as the scheduler stored it, with the download URL of each output blob it lists. */
  @Get(':id/result')
  async result(@CurrentCaller() caller: Caller, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const job = await findOwnJob(this.ds, caller.accountId, id);
    const result = completedResult(job);
    const document = await readResultDocument(this.log, this.logger, id, result);
    res.setHeader('ETag', `"${result.resultHash}"`);
    res.status(200).type('application/json').send(JSON.stringify(withOutputUrls(id, document)));
  }
}
