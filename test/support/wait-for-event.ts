import type { EventEnvelope } from '@corex/events';
import { followLog, readLog, type EventLog } from '@corex/eventstore';
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
  let found: EventEnvelope<string, T> | undefined;
  const follower = followLog(log.js, { stream: log.store.names.stream, filter: log.store.subjectOf('>'), maxMessages: 500 }, (m) => {
    const event = log.store.decode(m.data) as EventEnvelope<string, T>;
    if (event.type !== type || !match(event.data, event)) return;
    found = event;
    return false;
  });
  const timer = setTimeout(() => follower.stop(), timeoutMs);
  try {
    await follower.done;
  } finally {
    clearTimeout(timer);
  }
  if (found) return found;
  // A timeout says what the log held, so a stall in CI explains itself.
  throw new Error(`no ${type} event within ${timeoutMs} ms\n${await summarizeLog(log)}`);
}

/** Every event of a type currently in the log. */
export async function eventsOfType<T = unknown>(log: EventLog, type: string): Promise<EventEnvelope<string, T>[]> {
  const info = await log.jsm.streams.info(log.store.names.stream);
  const last = info.state.last_seq;
  if (last === 0) return [];
  const found: EventEnvelope<string, T>[] = [];
  await readLog(log.js, { stream: log.store.names.stream, filter: log.store.subjectOf('>'), lastSeq: last, maxMessages: 1000 }, (m) => {
    const event = log.store.decode(m.data) as EventEnvelope<string, T>;
    if (event.type === type) found.push(event);
  });
  return found;
}
