import { Controller, Headers, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { parseBody, parseWith } from '../../http/parse-body';
import type { JobSubmittedView } from '../job.view.schema';
import { quotedPolicy } from '../verification/job-verification.queries';
import { SubmitJobHandler } from './submit-job.handler';
import { idempotencyKeySchema, submitJobRequestSchema } from './submit-job.request.dto';

@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
export class SubmitJobController {
  constructor(private readonly handler: SubmitJobHandler) {}

  @Post()
  @HttpCode(202)
  async submit(
    @CurrentCaller() caller: Caller,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') rawKey?: string,
  ): Promise<JobSubmittedView> {
    const key = rawKey === undefined ? undefined : parseWith(idempotencyKeySchema, rawKey, 'IDEMPOTENCY.KEY_INVALID', 'Idempotency-Key is invalid');
    const request = parseBody(submitJobRequestSchema, req);
    const job = await this.handler.execute(caller.accountId, request, key);
    res.setHeader('Location', `/v1/jobs/${job.id}`);
    if (job.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return { id: job.id, status: job.status, verification: quotedPolicy(job.verification, job.budget) };
  }
}
