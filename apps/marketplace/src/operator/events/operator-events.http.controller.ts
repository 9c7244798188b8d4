import { Controller, Get, Inject, Res, UseGuards, type OnModuleDestroy } from '@nestjs/common';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Logger } from '@corex/platform';
import type { MarketplaceConfig } from '../../config';
import { OpenSseStreams } from '../../http/event-stream';
import type { ConcurrencySlots } from '../../http/rate-limit';
import type { Projectors } from '../../infrastructure/projectors';
import { CLOCK, CONFIG, DATA_SOURCE, LOGGER, PROJECTORS, SSE_SLOTS, type Clock } from '../../infrastructure/tokens';
import { CurrentOperator, OperatorSessionGuard, type Operator } from '../sign-in/operator-session.guard';
import { operatorNode } from '../views/operator.queries';
import { OperatorEventStream } from './operator-event-stream';

@Controller('v1/operator/node')
@UseGuards(OperatorSessionGuard)
export class OperatorEventsController implements OnModuleDestroy {
  private readonly open: OpenSseStreams<OperatorEventStream>;

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

  /** Server-Sent Events: the node overview, then which views changed; 429 past the session's open streams. */
  @Get('events')
  events(@CurrentOperator() op: Operator, @Res() res: Response): void {
    this.open.start(res, `operator:${op.nodeId}`, () =>
      new OperatorEventStream({
        nodeId: op.nodeId,
        res,
        projectors: this.projectors,
        readNode: () => operatorNode(this.ds, op.nodeId, this.clock()),
        heartbeatMs: this.config.SSE_HEARTBEAT_MS,
        logger: this.logger,
      }),
    );
  }

  /** Open streams would hold the HTTP server open on shutdown. */
  onModuleDestroy(): void {
    this.open.closeAll();
  }
}
