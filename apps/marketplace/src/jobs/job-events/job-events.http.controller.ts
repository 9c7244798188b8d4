import { Controller, Get, Inject, Param, Res, UseGuards, type OnModuleDestroy } from '@nestjs/common';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { NotFoundError, type Logger } from '@corex/platform';
import type { MarketplaceConfig } from '../../config';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { OpenSseStreams } from '../../http/event-stream';
import { NotFoundCode } from '../../http/request-strings.interceptor';
import type { Projectors } from '../../infrastructure/projectors';
import type { ConcurrencySlots } from '../../http/rate-limit';
import { CLOCK, CONFIG, DATA_SOURCE, LOGGER, PROJECTORS, SSE_SLOTS, type Clock } from '../../infrastructure/tokens';
import { findOwnJob } from '../job.queries';
import { toJobView } from '../job.view';
import { JobEventStream } from './job-event-stream';

@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
@NotFoundCode('JOB.NOT_FOUND')
export class JobEventsController implements OnModuleDestroy {
  private readonly open: OpenSseStreams<JobEventStream>;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(PROJECTORS) private readonly projectors: Projectors,
    @Inject(CONFIG) private readonly config: MarketplaceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SSE_SLOTS) slots: ConcurrencySlots,
  ) {
    this.open = new OpenSseStreams(slots);
  }

  /** Server-Sent Events: the job view now, then what changed (JSON merge patches; a new step as latestStep), closed after a terminal status; 429 past the key's open streams. */
  @Get(':id/events')
  async events(@CurrentCaller() caller: Caller, @Param('id') id: string, @Res() res: Response): Promise<void> {
    await findOwnJob(this.ds, caller.accountId, id); // 404 problem before any event-stream header
    const read = async () => {
      const row = await findOwnJob(this.ds, caller.accountId, id).catch((err) => {
        if (err instanceof NotFoundError) return null;
        throw err;
      });
      return row && { view: toJobView(row, this.clock()), version: Number(row.version) };
    };
    this.open.start(res, caller.accountId, () =>
      new JobEventStream({
        jobId: id,
        res,
        jobs: this.projectors.get('marketplace.jobs'),
        read,
        heartbeatMs: this.config.SSE_HEARTBEAT_MS,
        patchIntervalMs: this.config.SSE_PATCH_INTERVAL_MS,
        logger: this.logger,
      }),
    );
  }

  /** Open streams would hold the HTTP server open on shutdown. */
  onModuleDestroy(): void {
    this.open.closeAll();
  }
}
