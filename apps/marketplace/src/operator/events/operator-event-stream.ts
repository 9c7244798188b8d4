import type { Response } from 'express';
import type { Logger } from '@corex/platform';
import { SseResponse } from '../../http/event-stream';
import type { Projectors } from '../../infrastructure/projectors';

export const operatorViews = ['node', 'allocations', 'fragments', 'payouts', 'reconciliation', 'history'] as const;
export type OperatorViewName = (typeof operatorViews)[number];

const MONEY: OperatorViewName[] = ['node', 'fragments', 'payouts', 'reconciliation'];

/**
 * Which projections change which of a node's views. `mine(keys)` says whether a batch touched
 * this node; projections keyed by epoch or transfer touch every node's payouts alike.
 */
const WATCHED: Array<{ projection: string; views: OperatorViewName[]; mine: (keys: string[], nodeId: string) => boolean }> = [
  { projection: 'marketplace.node_leases', views: [...operatorViews], mine: (keys, n) => keys.some((k) => k.startsWith(`${n}/`)) },
  { projection: 'marketplace.node_reputation', views: ['node', 'history'], mine: (keys, n) => keys.includes(n) },
  { projection: 'marketplace.node_stakes', views: ['node'], mine: (keys, n) => keys.includes(n) },
  { projection: 'marketplace.node_payouts', views: MONEY, mine: (keys, n) => keys.includes(n) },
  { projection: 'marketplace.payout_routes', views: ['node', 'payouts'], mine: (keys, n) => keys.includes(n) },
  { projection: 'marketplace.settlement_epochs', views: MONEY, mine: () => true },
  { projection: 'marketplace.epoch_claims', views: MONEY, mine: () => true },
  { projection: 'marketplace.reward_transfers', views: ['payouts'], mine: () => true },
  { projection: 'marketplace.job_ends', views: ['node', 'allocations', 'fragments'], mine: () => true },
];

export interface OperatorEventStreamOptions {
  nodeId: string;
  res: Response;
  projectors: Projectors;
  /** The node's overview as GET /v1/operator/node answers it. */
  readNode: () => Promise<unknown>;
  heartbeatMs: number;
  logger: Logger;
}

/**
 * One SSE subscription of an operator (docs/operator-api.md): `event: node` with the overview
 * first, then `event: changed` with the names of the views a committed batch changed and the
 * stream position reached, and `event: node` again whenever the overview changed. The page
 * refetches the views it shows; nothing is sent when nothing of the node changed.
 */
export class OperatorEventStream {
  private queue = Promise.resolve();
  private closed = false;
  private readonly unsubscribe: Array<() => void>;
  private readonly sse: SseResponse;

  constructor(private readonly o: OperatorEventStreamOptions) {
    // Subscribed before the first read: a change committed after it is never missed.
    this.unsubscribe = WATCHED.map((w) =>
      o.projectors.get(w.projection).onApplied((keys, position) => {
        if (keys === null || w.mine(keys, o.nodeId)) this.enqueue(() => this.changed(w.views, position));
      }),
    );
    this.sse = new SseResponse(o.res, o.heartbeatMs, () => this.close());
    this.enqueue(() => this.sendNode());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stop of this.unsubscribe) stop();
    this.sse.end();
  }

  private enqueue(send: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.closed) return;
      try {
        await send();
      } catch (err) {
        this.o.logger.warn({ err, nodeId: this.o.nodeId }, 'operator event stream failed; closing it');
        this.close();
      }
    });
  }

  private async changed(views: OperatorViewName[], position: number): Promise<void> {
    this.sse.send({ event: 'changed', id: position, data: { views, position } });
    if (views.includes('node')) await this.sendNode();
  }

  private async sendNode(): Promise<void> {
    const view = await this.o.readNode();
    if (!this.closed) this.sse.send({ event: 'node', data: view });
  }
}
