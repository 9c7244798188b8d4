import { AckPolicy, DeliverPolicy, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import type { StoredEvent } from '@corex/events';
import type { Logger } from '@corex/platform';
import type { EventStore } from './event-store';

export interface DurableConsumerOptions {
  /** Durable consumer name, unique per stream. */
  durable: string;
  /** Relative filter, e.g. `job.*`, or `>` for every event (one filter: the 2.9 server has no multi-filter consumers). */
  filter: string;
  /** Most events handed to one handler call. */
  maxBatch?: number;
  ackWaitMs?: number;
  /**
   * When given, the consumer is re-created at every (re)start to deliver from this stream
   * sequence + 1. Projections pass their committed checkpoint: JetStream's own redelivery
   * after a failure can reorder messages, the checkpoint cannot.
   */
  resumeAfter?: () => Promise<number>;
  /** Delay before restarting after a failure. */
  restartDelayMs?: number;
  /**
   * Ack a whole batch with one ack of its last message (AckPolicy.All). Only for consumers
   * that handle events strictly in order, like projections.
   */
  ackAll?: boolean;
}

export type BatchHandler = (events: StoredEvent[]) => Promise<void>;

/**
 * A durable pull consumer run in a loop: it hands batches to the handler, acks only after the
 * handler resolved (its work is durable), and restarts after any failure.
 */
export class DurableConsumer {
  private stopped = false;
  private active?: { stop: () => void };
  private loop?: Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: DurableConsumerOptions,
    private readonly handler: BatchHandler,
    private readonly logger?: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.active?.stop();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.ensureConsumer();
        await this.consume();
      } catch (err) {
        if (this.stopped) break;
        this.logger?.error({ err, durable: this.options.durable }, 'consumer failed; restarting');
        await delay(this.options.restartDelayMs ?? 500);
      }
    }
  }

  /**
   * Batches are handled one at a time, in order; the next one is collected and decoded while
   * the handler still works on the previous one (projection bench: 31.6k -> 32.9k events/s).
   */
  private async consume(): Promise<void> {
    const maxBatch = this.options.maxBatch ?? 500;
    const consumer = await this.js.consumers.get(this.store.names.stream, this.options.durable);
    const messages = await consumer.consume({ max_messages: maxBatch * 2 });
    this.active = messages;
    let batch: JsMsg[] = [];
    let handling: Promise<void> = Promise.resolve();
    try {
      for await (const m of messages) {
        batch.push(m);
        if (batch.length < maxBatch && m.info.pending > 0) continue;
        const held = batch;
        batch = [];
        const events = this.decode(held);
        try {
          await handling;
        } catch (err) {
          for (const msg of held) msg.nak();
          throw err;
        }
        handling = this.handle(held, events);
        // Seen when awaited above or below; until then a failure must not count as unhandled.
        handling.catch(() => undefined);
      }
      await handling;
    } finally {
      messages.stop();
      this.active = undefined;
    }
  }

  private decode(held: JsMsg[]): StoredEvent[] {
    try {
      return held.map((m) => ({ seq: m.seq, event: this.store.decode(m.data) }));
    } catch (err) {
      for (const m of held) m.nak();
      throw err;
    }
  }

  private async handle(held: JsMsg[], events: StoredEvent[]): Promise<void> {
    try {
      await this.handler(events);
    } catch (err) {
      for (const m of held) m.nak();
      throw err;
    }
    if (this.options.ackAll) held.at(-1)?.ack();
    else for (const m of held) m.ack();
  }

  private async ensureConsumer(): Promise<void> {
    const { durable, filter, ackWaitMs = 30_000, resumeAfter } = this.options;
    const stream = this.store.names.stream;
    const config = {
      durable_name: durable,
      ack_policy: this.options.ackAll ? AckPolicy.All : AckPolicy.Explicit,
      filter_subject: this.store.subjectOf(filter),
      ack_wait: ackWaitMs * 1_000_000,
      max_ack_pending: 20_000,
      max_deliver: -1,
    };
    if (resumeAfter) {
      const position = await resumeAfter();
      await this.jsm.consumers.delete(stream, durable).catch(() => undefined);
      await this.jsm.consumers.add(stream, {
        ...config,
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: position + 1,
      });
      return;
    }
    const existing = await this.jsm.consumers.info(stream, durable).catch(() => null);
    if (!existing) await this.jsm.consumers.add(stream, { ...config, deliver_policy: DeliverPolicy.All });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
