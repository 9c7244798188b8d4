import { randomUUID } from 'node:crypto';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { EventCatalog, EventEnvelope, NewEvent, StoredEvent } from '@corex/events';
import { WrongExpectedVersionError } from './errors';
import { readLog } from './log-follower';
import { StreamPublishError, type StreamPublisher } from './stream-publisher';
import type { StreamNames } from './streams';


export interface EventStoreOptions extends StreamNames {
  /** CloudEvents `source` of events this process appends, e.g. `corex/marketplace`. */
  source: string;
  now?: () => Date;
}

export interface AppendMeta {
  correlationId?: string;
  causationId?: string;
}

export interface AppendResult {
  /** Stream sequence of the last event appended: the aggregate's new version. */
  version: number;
  events: StoredEvent[];
  /** True when every event had been stored before (same ids within the dedupe window). */
  duplicate: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Appends and reads domain events on JetStream. The version of an aggregate is the stream
 * sequence of its last event (0 for a new one), checked by the server through
 * `Nats-Expected-Last-Subject-Sequence`; `Nats-Msg-Id` = event id dedupes retries.
 */
export class EventStore {
  constructor(
    private readonly publisher: StreamPublisher,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly catalog: EventCatalog,
    private readonly options: EventStoreOptions,
  ) {}

  get names(): StreamNames {
    return { stream: this.options.stream, prefix: this.options.prefix };
  }

  /** Full NATS subject of a relative aggregate subject such as `job.<id>`. */
  subjectOf(relative: string): string {
    return `${this.options.prefix}.evt.${relative}`;
  }

  relativeOf(full: string): string {
    return full.slice(this.options.prefix.length + 5);
  }

  /**
   * Appends events to one aggregate. Throws WrongExpectedVersionError when the aggregate's
   * last stream sequence is not `expectedVersion`. Several events are appended one after the
   * other, each expecting the previous one (the 2.9 server has no atomic batch).
   */
  async append(relative: string, events: NewEvent[], expectedVersion: number, meta: AppendMeta = {}): Promise<AppendResult> {
    const subject = this.subjectOf(relative);
    const stored: StoredEvent[] = [];
    let version = expectedVersion;
    let duplicates = 0;
    for (const event of events) {
      const envelope = this.envelope(relative, event, meta, stored[0]?.event.id);
      try {
        const ack = await this.publisher.publish(subject, encoder.encode(JSON.stringify(envelope)), {
          msgId: envelope.id,
          lastSubjectSequence: version,
        });
        if (ack.duplicate) duplicates++;
        version = ack.seq;
        stored.push({ seq: ack.seq, event: envelope });
      } catch (err) {
        if (err instanceof StreamPublishError && err.wrongLastSequence) {
          throw new WrongExpectedVersionError(relative, version);
        }
        throw err;
      }
    }
    return { version, events: stored, duplicate: events.length > 0 && duplicates === events.length };
  }

  /** Every event of one aggregate in order, with its current version (0 when it has none). */
  async read(relative: string): Promise<{ version: number; events: StoredEvent[] }> {
    const subject = this.subjectOf(relative);
    const last = await this.lastSequence(subject);
    if (last === 0) return { version: 0, events: [] };
    const events: StoredEvent[] = [];
    await readLog(this.js, { stream: this.options.stream, filter: subject, lastSeq: last, maxMessages: 256 }, (m) => events.push({ seq: m.seq, event: this.decode(m.data) }));
    return { version: last, events };
  }

  /** An aggregate's current version (the stream sequence of its last event, 0 when it has none), without reading its events. */
  version(relative: string): Promise<number> {
    return this.lastSequence(this.subjectOf(relative));
  }

  /** Parses and validates a stored message, upcasting old versions. */
  decode(data: Uint8Array): EventEnvelope {
    return this.catalog.read(JSON.parse(decoder.decode(data)) as EventEnvelope);
  }

  private async lastSequence(subject: string): Promise<number> {
    const msg = await this.jsm.streams.getMessage(this.options.stream, { last_by_subj: subject });
    return msg?.seq ?? 0;
  }

  private envelope(relative: string, event: NewEvent, meta: AppendMeta, firstId?: string): EventEnvelope {
    const id = event.id ?? randomUUID();
    const data = this.catalog.validate(event.type, event.data);
    return {
      specversion: '1.0',
      id,
      source: this.options.source,
      type: event.type,
      time: (this.options.now?.() ?? new Date()).toISOString(),
      subject: relative,
      correlationid: meta.correlationId ?? firstId ?? id,
      causationid: meta.causationId ?? firstId ?? id,
      datacontenttype: 'application/json',
      data,
    };
  }
}
