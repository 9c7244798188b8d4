import { followLog, type EventLog, type LogFollower } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import type { SchedulerRuntime } from './scheduler-runtime';

/**
 * Feeds every event of the log, in order, into the runtime: first the history up to the last
 * event at start-up (replay), then live. Ordered consumers, opened again from the next sequence
 * when the server loses one: no server-side state to manage, and no event missed or applied twice.
 */
export class EventFeed {
  private stopped = false;
  private follower?: LogFollower;

  constructor(
    private readonly log: EventLog,
    private readonly runtime: SchedulerRuntime,
    private readonly logger: Logger,
  ) {}

  /** Resolves once the history is applied. */
  async start(): Promise<void> {
    const { stream } = this.log.store.names;
    const lastAtStart = (await this.log.jsm.streams.info(stream)).state.last_seq;
    let caughtUp!: () => void;
    const ready = new Promise<void>((resolve) => (caughtUp = resolve));
    if (lastAtStart === 0) caughtUp();
    this.follower = followLog(this.log.js, { stream, filter: this.log.store.subjectOf('>'), maxMessages: 1000, logger: this.logger, name: 'scheduler event feed' }, (m) => {
      // Own events were applied when decided: skip them by their Nats-Msg-Id, before decoding.
      if (!this.runtime.skipOwn(m.headers?.get('Nats-Msg-Id'), m.seq, this.log.store.relativeOf(m.subject), () => this.log.store.decode(m.data))) {
        this.applyOne(m.seq, m.data, m.seq > lastAtStart);
      }
      if (m.seq >= lastAtStart) caughtUp();
    });
    this.follower.done.catch((err) => {
      if (!this.stopped) this.logger.error({ err }, 'event feed stopped');
    });
    await ready;
    this.logger.info({ replayedUpTo: lastAtStart }, 'scheduler state rebuilt from the log');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.follower?.stop();
    await this.follower?.done.catch(() => undefined);
  }

  private applyOne(seq: number, data: Uint8Array, live: boolean): void {
    try {
      this.runtime.apply({ seq, event: this.log.store.decode(data) }, live);
    } catch (err) {
      this.logger.error({ err, seq }, 'event could not be applied to the scheduler state; skipped');
    }
  }
}
