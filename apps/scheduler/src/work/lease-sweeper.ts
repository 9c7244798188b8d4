import type { Logger } from '@corex/platform';
import { decideSweep, type LeaseEndedEvent } from '@corex/scheduler-domain';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';

/**
 * Ends expired leases and the leases of silent nodes, on a timer, so their fragments are
 * reassigned. Decide → append → evolve per lease: an end that could not be recorded leaves the
 * lease open, and the next sweep decides it again.
 */
export class LeaseSweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly runtime: SchedulerRuntime,
    private readonly logger: Logger,
    /** Told of each lease end recorded (for the lease expiry counter). */
    private readonly onEnded: (reason: string) => void = () => undefined,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((err) => this.logger.error({ err }, 'lease sweep failed; the next one tries again'))
        .finally(() => (this.running = undefined));
    }, intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async sweep(): Promise<void> {
    const { events, lostNodes } = decideSweep(this.runtime.state, Date.now(), this.runtime.isUnconfirmed);
    if (lostNodes.length) this.logger.warn({ lostNodes }, 'nodes missed their heartbeats; their leases are reassigned');
    const results = await Promise.all(events.map((event) => this.record(event)));
    // A lost node is reported once, after its leases' ends are all recorded; otherwise the next sweep tries again.
    if (results.every(Boolean)) this.runtime.state.markLost(lostNodes);
  }

  private async record(event: LeaseEndedEvent): Promise<boolean> {
    const { fragmentId, leaseId } = event.data;
    return this.runtime
      .withFragment(fragmentId, async () => {
        // Decided on a snapshot: skip a lease that a result or release closed meanwhile.
        if (this.runtime.state.fragment(fragmentId)?.lease?.leaseId !== leaseId) return true;
        await this.runtime.recordFragment(event);
        this.onEnded(event.data.reason);
        return true;
      })
      .catch((err) => {
        this.logger.error({ err, leaseId }, 'lease end not recorded; the next sweep tries again');
        return false;
      });
  }
}
