import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { parseBody } from '../../http/parse-body';
import { submitJobRequestSchema } from '../submit-job/submit-job.request.dto';
import type { JobQuoteView } from './job-quote.view.schema';
import { QuoteJobHandler } from './quote-job.handler';

/** POST /v1/jobs/quote: what POST /v1/jobs would answer about verification, without submitting. */
@Controller('v1/jobs/quote')
@UseGuards(ApiKeyGuard)
export class QuoteJobController {
  constructor(private readonly handler: QuoteJobHandler) {}

  @Post()
  @HttpCode(200)
  quote(@CurrentCaller() caller: Caller, @Req() req: Request): Promise<JobQuoteView> {
    return this.handler.execute(caller.accountId, parseBody(submitJobRequestSchema, req));
  }
}
