import { EpochClosed, EpochSettled, type EpochClosedData, type StoredEvent } from '@corex/events';
import type { DurableConsumer, EventLog } from '@corex/eventstore';

/**
 * How far settlement is behind, read from the log's `epoch.*` events (whoever holds the
 * settlement lock wrote them): the epochs closed and not yet settled on-chain, and how long the
 * oldest of them has waited.
 */
export class SettlementProgress {
  private readonly unsettled = new Map<number, number>();
  private position = 0;
  private lastSettled: number | undefined;
  private consumer?: DurableConsumer;

  constructor(private readonly log: EventLog) {}

  start(): void {
    this.consumer = this.log.consumer({ filter: 'epoch.>', resumeAfter: async () => this.position, maxBatch: 200 }, async (events) => events.forEach((e) => this.apply(e)));
    this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer?.stop() ?? Promise.resolve();
  }

  apply({ seq, event }: StoredEvent): void {
    this.position = seq;
    const { epoch } = event.data as { epoch: number };
    if (event.type === EpochClosed.type) this.unsettled.set(epoch, Date.parse((event.data as EpochClosedData).closedAt));
    if (event.type === EpochSettled.type) {
      this.unsettled.delete(epoch);
      this.lastSettled = Math.max(this.lastSettled ?? epoch, epoch);
    }
  }

  /** Epochs closed and not yet settled. */
  get epochsBehind(): number {
    return this.unsettled.size;
  }

  /** Seconds the oldest closed, unsettled epoch has waited at `now`; 0 when none waits. */
  secondsBehind(now: number): number {
    const oldest = Math.min(...this.unsettled.values());
    return Number.isFinite(oldest) ? Math.max(0, (now - oldest) / 1000) : 0;
  }

  get lastSettledEpoch(): number | undefined {
    return this.lastSettled;
  }
}
