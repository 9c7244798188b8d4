import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import type { StoredEvent } from '@corex/events';
import type { Logger } from '@corex/platform';
import type { EventStore } from './event-store';
import { VANISHED } from './log-follower';

export interface DurableConsumerOptions {
  /** Durable consumer name, unique per stream. Not used with `resumeAfter`. */
  durable?: string;
  /** Relative filter, e.g. `job.*`, or `>` for every event (one filter: the 2.9 server has no multi-filter consumers). */
  filter: string;
  /** Most events handed to one handler call. */
  maxBatch?: number;
  ackWaitMs?: number;
  /**
   * When given, no durable consumer is used: every (re)start opens an ordered consumer of this
   * process alone (ephemeral, nothing acked) that delivers from this stream sequence + 1.
   * Projections pass their committed checkpoint, which is their cursor of record: nothing on
   * the server is shared with, or deleted under, another process, and a restart cannot reorder.
   */
  resumeAfter?: () => Promise<number>;
  /** Delay before the first restart after a failure; it doubles with each failure in a row. */
  restartDelayMs?: number;
  /** Longest delay between restarts (default 30 s). */
  maxRestartDelayMs?: number;
  /**
   * Ack a whole batch with one ack of its last message (AckPolicy.All). Only for consumers
   * that handle events strictly in order, like projections.
   */
  ackAll?: boolean;
  /**
   * How long a pull request waits for messages (default 10 s); the server sends heartbeats at half
   * of it. Kept well below the ordered consumer's inactive threshold (30 s): with both at 30 s the
   * server could delete the consumer between a request expiring and the next one arriving.
   */
  pullExpiresMs?: number;
  /** Told of every failure before the consumer waits `retryInMs` and restarts. */
  onFailure?: (err: unknown, failuresInARow: number, retryInMs: number) => void;
}

export type BatchHandler = (events: StoredEvent[]) => Promise<void>;

/** A message of the log that is not a valid event of the catalog (bad JSON, unknown type, schema). */
export class EventDecodeError extends Error {
  constructor(
    readonly seq: number,
    readonly eventType: string | undefined,
    override readonly cause: unknown,
  ) {
    super(`cannot decode event at stream sequence ${seq}${eventType ? ` (${eventType})` : ''}: ${(cause as Error)?.message ?? cause}`);
  }
}

/**
 * A pull consumer run in a loop: it hands batches to the handler in order, acks only after the
 * handler resolved (its work is durable), and restarts after any failure, backing off
 * exponentially while failures repeat, so an event that cannot be handled never makes it spin.
 */
export class DurableConsumer {
  private stopped = false;
  private active?: { stop: () => void };
  private loop?: Promise<void>;
  private failures = 0;
  private wake?: () => void;

  constructor(
    private readonly store: EventStore,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: DurableConsumerOptions,
    private readonly handler: BatchHandler,
    private readonly logger?: Logger,
  ) {
    if (!options.durable && !options.resumeAfter) throw new Error('a consumer needs a durable name or resumeAfter');
  }

  start(): void {
    this.stopped = false;
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.active?.stop();
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  private get acks(): boolean {
    return !this.options.resumeAfter;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const messages = await this.open();
        // stop() may have come while opening, before there was anything for it to stop.
        if (this.stopped) {
          messages.stop();
          break;
        }
        await this.consume(messages);
      } catch (err) {
        if (this.stopped) break;
        this.failures++;
        const { restartDelayMs = 250, maxRestartDelayMs = 30_000 } = this.options;
        const retryInMs = Math.min(maxRestartDelayMs, restartDelayMs * 2 ** Math.min(this.failures - 1, 20));
        this.options.onFailure?.(err, this.failures, retryInMs);
        const level = this.failures === 1 ? 'error' : 'warn';
        this.logger?.[level]({ err, consumer: this.options.durable ?? this.options.filter, failures: this.failures, retryInMs }, 'consumer failed; restarting');
        await this.pause(retryInMs);
      }
    }
  }

  /** Waits, unless stop() comes first. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async open(): Promise<ConsumerMessages> {
    const maxBatch = this.options.maxBatch ?? 500;
    const stream = this.store.names.stream;
    if (this.options.resumeAfter) {
      const position = await this.options.resumeAfter();
      const consumer = await this.js.consumers.get(stream, {
        filter_subjects: this.store.subjectOf(this.options.filter),
        opt_start_seq: position + 1,
        inactive_threshold: 30_000,
      });
      return this.watched(await consumer.consume({ max_messages: maxBatch * 2, expires: this.pullExpiresMs }));
    }
    await this.ensureDurable();
    const consumer = await this.js.consumers.get(stream, this.options.durable!);
    return this.watched(await consumer.consume({ max_messages: maxBatch * 2, expires: this.pullExpiresMs }));
  }

  private get pullExpiresMs(): number {
    return this.options.pullExpiresMs ?? 10_000;
  }

  /**
   * Ends the run when the server-side consumer is gone (deleted after inactivity, not found,
   * heartbeats missed, the library recreating it), so the next run opens a new one from the
   * position of record. The library's own recovery can stall: after recreating an ordered
   * consumer it keeps counting the requests of the deleted one as pending and stops pulling.
   */
  private watched(messages: ConsumerMessages): ConsumerMessages {
    void (async () => {
      for await (const status of messages.status()) {
        if (!VANISHED.has(status.type)) continue;
        this.logger?.warn({ consumer: this.options.durable ?? this.options.filter, status }, 'consumer gone on the server; reopening from the last position');
        messages.stop();
        return;
      }
    })();
    return messages;
  }

  /**
   * Batches are handled one at a time, in order; the next one is collected and decoded while
   * the handler still works on the previous one (projection bench: 31.6k -> 32.9k events/s).
   * A message that cannot be decoded ends the run after the events before it were handled.
   */
  private async consume(messages: ConsumerMessages): Promise<void> {
    const maxBatch = this.options.maxBatch ?? 500;
    this.active = messages;
    let batch: JsMsg[] = [];
    let handling: Promise<void> = Promise.resolve();
    try {
      for await (const m of messages) {
        batch.push(m);
        if (batch.length < maxBatch && m.info.pending > 0) continue;
        const held = batch;
        batch = [];
        const { events, failure } = this.decode(held);
        try {
          await handling;
        } catch (err) {
          this.nak(held);
          throw err;
        }
        handling = events.length ? this.handle(held.slice(0, events.length), events) : Promise.resolve();
        // Seen when awaited above or below; until then a failure must not count as unhandled.
        handling.catch(() => undefined);
        if (failure) {
          await handling;
          this.nak(held.slice(events.length));
          throw failure;
        }
      }
      await handling;
    } finally {
      messages.stop();
      this.active = undefined;
    }
  }

  /** The events of the batch up to the first message that does not decode, and that failure. */
  private decode(held: JsMsg[]): { events: StoredEvent[]; failure?: EventDecodeError } {
    const events: StoredEvent[] = [];
    for (const m of held) {
      try {
        events.push({ seq: m.seq, event: this.store.decode(m.data) });
      } catch (err) {
        return { events, failure: new EventDecodeError(m.seq, typeOf(m), err) };
      }
    }
    return { events };
  }

  private async handle(held: JsMsg[], events: StoredEvent[]): Promise<void> {
    try {
      await this.handler(events);
    } catch (err) {
      this.nak(held);
      // Ends the iteration, which may be waiting for a message that never comes, so the failure is seen now.
      this.active?.stop();
      throw err;
    }
    this.failures = 0;
    if (!this.acks) return;
    if (this.options.ackAll) held.at(-1)?.ack();
    else for (const m of held) m.ack();
  }

  private nak(held: JsMsg[]): void {
    if (this.acks) for (const m of held) m.nak();
  }

  private async ensureDurable(): Promise<void> {
    const { filter, ackWaitMs = 30_000 } = this.options;
    const durable = this.options.durable!;
    const stream = this.store.names.stream;
    const existing = await this.jsm.consumers.info(stream, durable).catch(() => null);
    if (existing) return;
    await this.jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: this.options.ackAll ? AckPolicy.All : AckPolicy.Explicit,
      filter_subject: this.store.subjectOf(filter),
      ack_wait: ackWaitMs * 1_000_000,
      max_ack_pending: 20_000,
      max_deliver: -1,
      deliver_policy: DeliverPolicy.All,
    });
  }
}

/** The `type` of a message that failed to decode, when it is JSON at all: for reports. */
function typeOf(m: JsMsg): string | undefined {
  try {
    const type = (m.json() as { type?: unknown }).type;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined;
  }
}
