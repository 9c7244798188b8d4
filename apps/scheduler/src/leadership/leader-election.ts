import type { Logger } from '@corex/platform';
import type { LeaderLease, LeaseTerm } from './leader-lease';

export interface LeaderCallbacks {
  /** This process now holds the lease under `epoch`: rebuild from the log and serve. */
  onElected(epoch: number): Promise<void>;
  /** The lease is lost or about to run out: stop acting at once. */
  onDeposed(): Promise<void>;
  /**
   * Called synchronously the moment the term ends, before `onDeposed` waits its turn behind a
   * start-up still running: whatever that start-up does next must already see it is not leader.
   */
  onDeposing?(): void;
}

/**
 * Holds the leader lease, or waits for it as a standby. The holder renews every third of the TTL;
 * if it cannot renew (the key moved on, or NATS does not answer) before a fifth of the TTL is
 * left, it steps down, so it has stopped before anyone else may take over. A standby tries every
 * third of the TTL and takes the lease once it has lapsed.
 */
export class LeaderElection {
  private term: LeaseTerm | null = null;
  private timer?: NodeJS.Timeout;
  /** Fires when the term is about to run out unrenewed: the holder steps down before anyone may take over. */
  private deadline?: NodeJS.Timeout;
  private stopped = false;
  /** Transitions (elect, depose) one at a time, in order. */
  private transitions: Promise<void> = Promise.resolve();

  constructor(
    private readonly lease: LeaderLease,
    private readonly ttlMs: number,
    private readonly callbacks: LeaderCallbacks,
    private readonly logger: Logger,
  ) {}

  get isLeader(): boolean {
    return this.term !== null;
  }

  /** Tries once (and waits for the election's start-up if it won), then keeps trying or renewing in the background. */
  async start(): Promise<void> {
    await this.tick();
    await this.transitions;
  }

  /** Stops trying; as the holder, stops acting and gives the lease up so a standby takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.deadline);
    const term = this.term;
    this.term = null;
    if (term) {
      this.callbacks.onDeposing?.();
      await this.transition(() => this.callbacks.onDeposed());
      await this.lease.release(term);
    }
    await this.transitions;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), Math.max(10, Math.floor(this.ttlMs / 3)));
  }

  private async tick(): Promise<void> {
    try {
      if (this.term) await this.renew();
      else await this.acquire();
    } catch (err) {
      this.logger.warn({ err }, 'leader lease check failed');
    } finally {
      this.schedule();
    }
  }

  private async acquire(): Promise<void> {
    const term = await this.lease.tryAcquire(Date.now());
    if (!term || this.stopped) return;
    this.term = term;
    this.armDeadline(term);
    this.logger.info({ epoch: term.epoch }, 'leader lease taken');
    this.transition(() =>
      this.callbacks.onElected(term.epoch).catch((err) => {
        // Holding the lease without serving would stall the network: give it up, try again on the next tick.
        this.logger.error({ err, epoch: term.epoch }, 'scheduler could not start serving');
        if (this.term === term) this.depose('start-up failed');
      }),
    );
  }

  private async renew(): Promise<void> {
    const renewed = await this.lease.renew(this.term!, Date.now());
    if (renewed && this.term) {
      this.term = renewed;
      this.armDeadline(renewed);
    } else if (!renewed) this.depose('another scheduler holds the leader lease');
  }

  private armDeadline(term: LeaseTerm): void {
    clearTimeout(this.deadline);
    const ms = term.expiresAt - this.ttlMs / 5 - Date.now();
    this.deadline = setTimeout(() => this.depose('the leader lease could not be renewed in time'), Math.max(0, ms));
  }

  private depose(why: string): void {
    if (!this.term) return;
    clearTimeout(this.deadline);
    this.logger.warn({ epoch: this.term.epoch, why }, 'leader lease lost: standing by');
    this.term = null;
    this.callbacks.onDeposing?.();
    this.transition(() => this.callbacks.onDeposed());
  }

  private transition(fn: () => Promise<void>): Promise<void> {
    this.transitions = this.transitions.then(fn).catch((err) => this.logger.error({ err }, 'leadership transition failed'));
    return this.transitions;
  }
}
