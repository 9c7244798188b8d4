import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../http/auth.guards';
import { parseWith } from '../http/parse-body';
import { NotFoundCode } from '../http/request-strings.interceptor';
import { DATA_SOURCE } from '../infrastructure/tokens';
import { findOwnJob } from '../jobs/job.queries';
import { encodeFragmentCursor, fragmentPageQuerySchema } from './settlement-page';
import { jobCost } from './settlement.queries';
import { REWARD_FORMULA, type JobCostPage } from './settlement.view.schema';

/** What each of the caller's job's fragments cost, with the inputs of the formula (docs/settlement.md). */
@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
@NotFoundCode('JOB.NOT_FOUND')
export class JobCostController {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  @Get(':id/cost')
  async get(@CurrentCaller() caller: Caller, @Param('id') id: string, @Query() query: unknown): Promise<JobCostPage> {
    const { limit, cursor } = parseWith(fragmentPageQuerySchema, query, 'REQUEST.INVALID_QUERY', 'query is invalid');
    const job = await findOwnJob(this.ds, caller.accountId, id);
    const rows = await this.ds.query(
      `SELECT fragment_id, node_id, epoch, base_price::text, boost_bps, reputation_bps, amount::text, fragment_rows, job_rows, steps, completed_at
       FROM marketplace.fragment_rewards WHERE job_id = $1 AND fragment_id > $2 ORDER BY fragment_id LIMIT $3`,
      [id, cursor ?? '', limit + 1],
    );
    const items = rows.slice(0, limit).map((r: Record<string, string | number | Date>) => ({
      fragmentId: r.fragment_id as string,
      nodeId: r.node_id as string,
      epoch: r.epoch as number,
      basePrice: r.base_price as string,
      boostBps: r.boost_bps as number,
      reputationBps: r.reputation_bps as number,
      amount: r.amount as string,
      fragmentRows: r.fragment_rows as number,
      jobRows: r.job_rows as number,
      steps: r.steps as number,
      completedAt: new Date(r.completed_at).toISOString(),
    }));
    return {
      formula: REWARD_FORMULA,
      cost: await jobCost(this.ds, id, job.budget),
      items,
      nextCursor: rows.length > limit ? encodeFragmentCursor(items.at(-1)!.fragmentId) : null,
    };
  }
}
