import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Logger } from '@corex/platform';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { parseWith } from '../../http/parse-body';
import { NotFoundCode } from '../../http/request-strings.interceptor';
import type { Projectors } from '../../infrastructure/projectors';
import { DATA_SOURCE, LOGGER, PROJECTORS } from '../../infrastructure/tokens';
import { findOwnJob } from '../job.queries';
import type { StepsPage } from '../job.view.schema';
import { stepsByNumber } from './step-view';

export const listStepsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,24}$/)
    .transform((c) => Number(Buffer.from(c, 'base64url').toString('utf8')))
    .pipe(z.number().int().nonnegative())
    .optional(),
});

/** How long a page waits for the steps projection to reach the steps the job view shows. */
const STEPS_WAIT_MS = 2_000;

const encodeCursor = (step: number) => Buffer.from(String(step), 'utf8').toString('base64url');


/** A job's training steps in step order; the cursor is opaque to clients (it wraps the last step number). */
@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
@NotFoundCode('JOB.NOT_FOUND')
export class ListStepsController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(PROJECTORS) private readonly projectors: Projectors,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get(':id/steps')
  async list(@CurrentCaller() caller: Caller, @Param('id') id: string, @Query() query: unknown): Promise<StepsPage> {
    const { limit, cursor } = parseWith(listStepsQuerySchema, query, 'REQUEST.INVALID_QUERY', 'query is invalid');
    const job = await findOwnJob(this.ds, caller.accountId, id);
    // Steps have a projection of their own: every step the job view shows is listed, even when it lags a little.
    const shown = Number(job.steps_seq ?? 0);
    if (shown > 0) {
      await this.projectors.waitFor('marketplace.job_steps', shown, STEPS_WAIT_MS).catch((err) => {
        this.logger.warn({ err, jobId: id }, 'steps projection lagging; listing the steps it has');
      });
    }
    const steps = await stepsByNumber(this.ds, id, cursor ?? null, limit + 1);
    const items = steps.slice(0, limit);
    return { items, nextCursor: steps.length > limit ? encodeCursor(items.at(-1)!.step) : null };
  }
}
