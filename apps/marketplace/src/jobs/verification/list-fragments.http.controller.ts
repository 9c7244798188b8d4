import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { parseWith } from '../../http/parse-body';
import { NotFoundCode } from '../../http/request-strings.interceptor';
import { DATA_SOURCE } from '../../infrastructure/tokens';
import { encodeFragmentCursor, fragmentPageQuerySchema } from '../../settlement/settlement-page';
import { findOwnJob } from '../job.queries';
import { jobFragments } from './job-verification.queries';
import type { JobFragmentsPage } from './verification.view.schema';

/** Each of the caller's job's fragments with a result so far, with its verification verdict (docs/verification.md). */
@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
@NotFoundCode('JOB.NOT_FOUND')
export class ListFragmentsController {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  @Get(':id/fragments')
  async list(@CurrentCaller() caller: Caller, @Param('id') id: string, @Query() query: unknown): Promise<JobFragmentsPage> {
    const { limit, cursor } = parseWith(fragmentPageQuerySchema, query, 'REQUEST.INVALID_QUERY', 'query is invalid');
    await findOwnJob(this.ds, caller.accountId, id);
    const { items, more } = await jobFragments(this.ds, id, cursor ?? '', limit);
    return { items, nextCursor: more ? encodeFragmentCursor(items.at(-1)!.fragmentId) : null };
  }
}
