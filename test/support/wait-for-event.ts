import type { EventEnvelope } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { summarizeLog } from './log-summary';

/**
 * Resolves with the first event in the log (from the start, then live) that matches: tests wait
 * on the event itself, never on a timer. Rejects after `timeoutMs` naming what it waited for.
 */
export async function waitForEvent<T = unknown>(
  log: EventLog,
  type: string,
  match: (data: T, event: EventEnvelope) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<EventEnvelope<string, T>> {
  const consumer = await log.js.consumers.get(log.store.names.stream, { filter_subjects: log.store.subjectOf('>') });
  const messages = await consumer.consume({ max_messages: 500 });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    messages.stop();
  }, timeoutMs);
  try {
    for await (const m of messages) {
      const event = log.store.decode(m.data) as EventEnvelope<string, T>;
      if (event.type === type && match(event.data, event)) return event;
    }
    // A timeout says what the log held, so a stall in CI explains itself.
    if (timedOut) throw new Error(`no ${type} event within ${timeoutMs} ms\n${await summarizeLog(log)}`);
    throw new Error(`event stream ended before a ${type} event`);
  } finally {
    clearTimeout(timer);
    messages.stop();
  }
}

/** Every event of a type currently in the log. */
export async function eventsOfType<T = unknown>(log: EventLog, type: string): Promise<EventEnvelope<string, T>[]> {
  const info = await log.jsm.streams.info(log.store.names.stream);
  const last = info.state.last_seq;
  if (last === 0) return [];
  const consumer = await log.js.consumers.get(log.store.names.stream, { filter_subjects: log.store.subjectOf('>') });
  const messages = await consumer.consume({ max_messages: 1000 });
  const found: EventEnvelope<string, T>[] = [];
  try {
    for await (const m of messages) {
      const event = log.store.decode(m.data) as EventEnvelope<string, T>;
      if (event.type === type) found.push(event);
      if (m.seq >= last) break;
    }
  } finally {
    messages.stop();
  }
  return found;
}
