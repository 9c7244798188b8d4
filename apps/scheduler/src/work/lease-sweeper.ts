import type { Logger } from '@corex/platform';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';
import { recordLeaseEnded } from './lease-ended';

/** Ends expired leases and the leases of silent nodes, on a timer, so their fragments are reassigned. */
export class LeaseSweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly runtime: SchedulerRuntime,
    private readonly logger: Logger,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async sweep(): Promise<void> {
    const now = new Date();
    const { ended, lostNodes } = this.runtime.state.sweep(now.getTime());
    if (lostNodes.length) this.logger.warn({ lostNodes }, 'nodes missed their heartbeats; their leases are reassigned');
    for (const end of ended) {
      await recordLeaseEnded(this.runtime, end, now).catch((err) =>
        this.logger.error({ err, leaseId: end.lease.leaseId }, 'expired lease not recorded'),
      );
    }
  }
}
