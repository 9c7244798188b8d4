import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { NotFoundError } from '@corex/platform';
import type { MarketplaceConfig } from '../../config';
import { parseWith } from '../../http/parse-body';
import { NotFoundCode } from '../../http/request-strings.interceptor';
import { CLOCK, CONFIG, DATA_SOURCE, type Clock } from '../../infrastructure/tokens';
import { CurrentOperator, OperatorSessionGuard, type Operator } from '../sign-in/operator-session.guard';
import { ChainLinks } from './chain-links';
import { history } from './operator-history.queries';
import { payouts, reconciliation } from './operator-money.queries';
import { allocations, fragmentLeases, fragmentsPage, operatorNode } from './operator.queries';
import type { AllocationsView, HistoryView, OperatorFragmentsView, OperatorNodeView, PayoutsView, ReconciliationView } from './operator.view.schema';

/** limit, and an opaque cursor wrapping the stream sequence of the previous page's last lease. */
export const operatorFragmentsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .transform((c) => Buffer.from(c, 'base64url').toString('utf8'))
    .pipe(z.string().regex(/^[1-9]\d{0,15}$/).transform(Number))
    .optional(),
});

const encodeCursor = (seq: number) => Buffer.from(String(seq), 'utf8').toString('base64url');

/** The signed-in operator's own node only: no route names a node, so no other node's data can be asked for. */
@Controller('v1/operator/node')
@UseGuards(OperatorSessionGuard)
@NotFoundCode('OPERATOR.FRAGMENT_NOT_FOUND')
export class OperatorViewsController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: MarketplaceConfig,
  ) {}

  @Get()
  async node(@CurrentOperator() op: Operator): Promise<OperatorNodeView> {
    const view = await operatorNode(this.ds, op.nodeId, this.clock());
    if (!view) throw new NotFoundError('OPERATOR.NODE_NOT_FOUND', 'the node of this session is not in the marketplace’s view');
    return view;
  }

  @Get('allocations')
  allocations(@CurrentOperator() op: Operator): Promise<AllocationsView> {
    return allocations(this.ds, op.nodeId);
  }

  @Get('fragments')
  async fragments(@CurrentOperator() op: Operator, @Query() query: unknown): Promise<OperatorFragmentsView> {
    const { limit, cursor } = parseWith(operatorFragmentsQuerySchema, query, 'REQUEST.INVALID_QUERY', 'query is invalid');
    const page = await fragmentsPage(this.ds, op.nodeId, cursor, limit);
    return { items: page.items, nextCursor: page.more && page.lastSeq !== null ? encodeCursor(page.lastSeq) : null };
  }

  @Get('fragments/:fragmentId')
  async fragment(@CurrentOperator() op: Operator, @Param('fragmentId') fragmentId: string): Promise<OperatorFragmentsView> {
    const items = await fragmentLeases(this.ds, op.nodeId, fragmentId);
    if (!items.length) throw new NotFoundError('OPERATOR.FRAGMENT_NOT_FOUND', 'this node never held a lease of that fragment');
    return { items, nextCursor: null };
  }

  @Get('payouts')
  async payouts(@CurrentOperator() op: Operator): Promise<PayoutsView> {
    return payouts(this.ds, op.nodeId, await ChainLinks.load(this.config));
  }

  @Get('reconciliation')
  reconciliation(@CurrentOperator() op: Operator): Promise<ReconciliationView> {
    return reconciliation(this.ds, op.nodeId);
  }

  @Get('history')
  history(@CurrentOperator() op: Operator): Promise<HistoryView> {
    return history(this.ds, op.nodeId);
  }
}
