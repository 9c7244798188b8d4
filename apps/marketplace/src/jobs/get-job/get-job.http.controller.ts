import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { NotFoundCode } from '../../http/request-strings.interceptor';
import { CLOCK, DATA_SOURCE, type Clock } from '../../infrastructure/tokens';
import { jobCost } from '../../settlement/settlement.queries';
import { findOwnJob } from '../job.queries';
import { toJobView, type JobView } from '../job.view';
import { jobVerification } from '../verification/job-verification.queries';

@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
@NotFoundCode('JOB.NOT_FOUND')
export class GetJobController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The job with its live progress: counters, training steps, timings, outcome, cost and verification. */
  @Get(':id')
  async get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<JobView> {
    const job = await findOwnJob(this.ds, caller.accountId, id);
    const [cost, verification] = await Promise.all([jobCost(this.ds, id, job.budget), jobVerification(this.ds, job)]);
    return { ...toJobView(job, this.clock()), cost, verification };
  }
}
