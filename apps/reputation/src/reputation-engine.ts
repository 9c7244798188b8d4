import { subjects, type StoredEvent } from '@corex/events';
import { WrongExpectedVersionError, type EventLog } from '@corex/eventstore';
import { causedBy, withCorrelation, type Logger } from '@corex/platform';
import {
  applyInput,
  applyPublished,
  decideReputation,
  newReputationBook,
  publishedEventTypes,
  type ReputationInput,
  type ReputationSettings,
} from '@corex/reputation-domain';
import type { CoverageWindow } from './heartbeat-coverage';

const MAX_ATTEMPTS = 3;

/**
 * The reputation state of every node, folded from the whole log in order, and the single writer
 * of `reputation.<nodeId>`. Events up to the log's end at start-up (`replayUntil`) are only
 * folded: what they called for was published then, and is in the log after them. Once caught up,
 * one pass decides for every node (publishing what a crash may have left unpublished), and from
 * then on each input is decided as it comes. Inputs are handled one at a time.
 */
export class ReputationEngine {
  readonly book = newReputationBook();
  /** Stream sequence of the last event handled. */
  position = 0;
  private caughtUp = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly log: EventLog,
    private readonly settings: ReputationSettings,
    private readonly logger: Logger,
    private readonly replayUntil: number,
    private readonly onCaughtUp: () => void,
  ) {}

  /** The durable consumer's batch handler. */
  async handle(events: StoredEvent[]): Promise<void> {
    for (const { seq, event } of events) {
      if (seq <= this.position) continue;
      // Decisions it publishes, and the lines it logs, carry the correlation of the event that caused them.
      await this.serial(() => withCorrelation(causedBy(event), async () => {
        if (publishedEventTypes.includes(event.type)) {
          applyPublished(this.book, seq, event.type, event.data);
          this.position = seq;
          return;
        }
        const input: ReputationInput = { kind: 'event', type: event.type, data: event.data, at: Date.parse(event.time) };
        const touched = applyInput(this.book, input);
        // Folded now, even if publishing fails below: a redelivery must not count the event twice
        // (the next decision for the node, or the next uptime window, publishes what is missing).
        this.position = seq;
        if (touched && this.caughtUp) await this.publish(touched.nodeId, input.at, touched.reason);
      }));
    }
    await this.finishReplayIfDone();
  }

  /** Call once the consumer runs: an empty log has nothing to replay. */
  async finishReplayIfDone(): Promise<void> {
    if (!this.caughtUp && this.position >= this.replayUntil) await this.serial(() => this.finishReplay());
  }

  /** Enters a closed heartbeat window for every node that is present. */
  async observe(window: CoverageWindow): Promise<void> {
    if (!this.caughtUp) return;
    await this.serial(async () => {
      for (const node of this.book.nodes.values()) {
        if (!node.facts.present || node.published.evicted) continue;
        const coverage = window.coverage.get(node.facts.nodeId) ?? 0;
        await this.process({ kind: 'uptime', nodeId: node.facts.nodeId, coverage, windowStart: window.windowStart, at: window.windowEnd }).catch((err: unknown) =>
          this.logger.error({ err, nodeId: node.facts.nodeId }, 'publishing an uptime change failed; the next window retries'),
        );
      }
    });
  }

  /** Resolves when every input handed in so far is handled. */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  /** True once the log as it was at start-up has been folded. */
  get replayed(): boolean {
    return this.caughtUp;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async finishReplay(): Promise<void> {
    if (this.caughtUp) return;
    this.caughtUp = true;
    const now = Date.now();
    for (const nodeId of [...this.book.nodes.keys()]) {
      await this.publish(nodeId, now, 'resync').catch((err: unknown) => this.logger.error({ err, nodeId }, 'resync failed; the next decision for the node retries'));
    }
    this.logger.info({ position: this.position, nodes: this.book.nodes.size }, 'reputation state rebuilt from the log');
    this.onCaughtUp();
  }

  private async process(input: ReputationInput): Promise<void> {
    const touched = applyInput(this.book, input);
    if (touched) await this.publish(touched.nodeId, input.at, touched.reason);
  }

  /** Decides for one node and appends what it calls for, expecting the node's reputation subject where this state left it. */
  private async publish(nodeId: string, at: number, reason: string): Promise<void> {
    const node = this.book.nodes.get(nodeId);
    if (!node) return;
    const subject = subjects.reputation(nodeId);
    for (let attempt = 1; ; attempt++) {
      const events = decideReputation(node, at, reason, this.settings);
      if (events.length === 0) return;
      try {
        const appended = await this.log.store.append(subject, events, node.published.version);
        for (const stored of appended.events) applyPublished(this.book, stored.seq, stored.event.type, stored.event.data);
        return;
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw err;
        // Not expected with one writer (a second instance running?): read what is there, decide again.
        this.logger.warn({ nodeId, version: node.published.version }, 'reputation subject moved; reading it and deciding again');
        const { events: stored } = await this.log.store.read(subject);
        for (const s of stored) applyPublished(this.book, s.seq, s.event.type, s.event.data);
      }
    }
  }
}
