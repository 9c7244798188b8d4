import { Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { NotFoundCode } from '../../http/request-strings.interceptor';
import type { JobAccepted } from '../job.view.schema';
import { CancelJobHandler } from './cancel-job.handler';

@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
@NotFoundCode('JOB.NOT_FOUND')
export class CancelJobController {
  constructor(private readonly handler: CancelJobHandler) {}

  /** 202: the cancellation is recorded; the scheduler then drops pending fragments and revokes leases. */
  @Post(':id/cancel')
  @HttpCode(202)
  cancel(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<JobAccepted> {
    return this.handler.execute(caller.accountId, id);
  }
}
