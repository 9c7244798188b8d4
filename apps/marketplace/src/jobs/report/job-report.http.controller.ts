import { Controller, Get, Header, Inject, Param, UseGuards } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { NotFoundError, type Logger } from '@corex/platform';
import { trainingCurvesSvg, type CurvePoint } from '@corex/training-domain';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { NotFoundCode } from '../../http/request-strings.interceptor';
import type { Projectors } from '../../infrastructure/projectors';
import { DATA_SOURCE, LOGGER, PROJECTORS } from '../../infrastructure/tokens';
import { findOwnJob } from '../job.queries';

/** How long the report waits for the steps projection to reach the steps the job view shows. */
const STEPS_WAIT_MS = 2_000;
/** The most steps one report draws (the newest are kept). */
const MAX_POINTS = 100_000;

interface PointRow {
  step: number;
  loss: number;
  accuracy: number | null;
  rejected: number;
  stragglers: number;
}

/** A training job's curves, one point per step: what `npm run report` writes and the job view links to. */
@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
@NotFoundCode('JOB.NOT_FOUND')
export class JobReportController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(PROJECTORS) private readonly projectors: Projectors,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Loss and held-out accuracy per step, rejected updates and stragglers per step, as a self-contained SVG. */
  @Get(':id/report.svg')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
  @Header('X-Content-Type-Options', 'nosniff')
  async report(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<string> {
    const job = await findOwnJob(this.ds, caller.accountId, id);
    if (job.type !== 'training') {
      throw new NotFoundError('JOB.REPORT_NOT_FOUND', `job ${id} is a ${job.type} job; only training jobs have training curves`, { type: job.type });
    }
    const shown = Number(job.steps_seq ?? 0);
    if (shown > 0) {
      await this.projectors.waitFor('marketplace.job_steps', shown, STEPS_WAIT_MS).catch((err) => {
        this.logger.warn({ err, jobId: id }, 'steps projection lagging; drawing the steps it has');
      });
    }
    return trainingCurvesSvg(await curvePoints(this.ds, id), { title: `Training curves: job ${id} (${job.model} on ${job.dataset})` });
  }
}

/** Each step of the job as a curve point, in step order. */
export async function curvePoints(ds: DataSource, jobId: string): Promise<CurvePoint[]> {
  const rows: PointRow[] = await ds.query(
    `SELECT * FROM (SELECT step, loss, accuracy, coalesce(jsonb_array_length(rejected), 0)::int AS rejected,
       coalesce(jsonb_array_length(stragglers), 0)::int AS stragglers
     FROM marketplace.job_steps WHERE job_id = $1 ORDER BY step DESC LIMIT $2) newest ORDER BY step`,
    [jobId, MAX_POINTS],
  );
  return rows.map((r) => ({
    step: r.step,
    loss: r.loss,
    ...(r.accuracy === null ? {} : { accuracy: r.accuracy }),
    rejected: r.rejected,
    stragglers: r.stragglers,
  }));
}
