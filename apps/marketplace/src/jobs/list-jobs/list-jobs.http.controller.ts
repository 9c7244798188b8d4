import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { parseWith } from '../../http/parse-body';
import { CLOCK, DATA_SOURCE, type Clock } from '../../infrastructure/tokens';
import { toJobView, type StoredJobRow } from '../job.view';
import type { JobsPage } from '../job.view.schema';

export const listJobsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,24}$/)
    .transform((c) => Number(Buffer.from(c, 'base64url').toString('utf8')))
    .pipe(z.number().int().positive())
    .optional(),
});

const encodeCursor = (seq: number | string) => Buffer.from(String(seq), 'utf8').toString('base64url');

/** Newest first; the cursor is opaque to clients (it wraps the creating event's stream sequence). */
@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
export class ListJobsController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async list(@CurrentCaller() caller: Caller, @Query() query: unknown): Promise<JobsPage> {
    const { limit, cursor } = parseWith(listJobsQuerySchema, query, 'REQUEST.INVALID_QUERY', 'query is invalid');
    const rows = await this.ds.query(
      `SELECT * FROM marketplace.jobs WHERE account_id = $1 AND ($2::bigint IS NULL OR created_seq < $2)
       ORDER BY created_seq DESC LIMIT $3`,
      [caller.accountId, cursor ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor(page.at(-1).created_seq) : null;
    const now = this.clock();
    return { items: page.map((row: StoredJobRow) => toJobView(row, now)), nextCursor };
  }
}
