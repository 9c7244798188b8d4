import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { NotFoundError } from '@corex/platform';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { DATA_SOURCE } from '../../infrastructure/tokens';
import { toJobView, type JobView } from '../job.view';

@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
export class GetJobController {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** Another tenant's job is reported as missing, not forbidden: its existence is not disclosed. */
  @Get(':id')
  async get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<JobView> {
    const rows = await this.ds.query(`SELECT * FROM marketplace.jobs WHERE id = $1 AND account_id = $2`, [id, caller.accountId]);
    if (!rows.length) throw new NotFoundError('JOB.NOT_FOUND', `job ${id} not found`);
    return toJobView(rows[0]);
  }
}
