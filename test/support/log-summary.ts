import type { EventEnvelope } from '@corex/events';
import { readLog, type EventLog } from '@corex/eventstore';

/** Event types whose data explain a stalled stack: who was judged, flagged, evicted or refused. */
const TOLD_IN_FULL = /challenge\.(issued|judged)|fraud|evicted|demoted|suspended|failed|abandoned|lease-expired|rejected|reward-transfer|payout|epoch\.settled/;

/** Logs this short are told event by event. */
const SHORT_LOG = 60;

/**
 * What the log holds, for a test that timed out: counts per event type, and the events that
 * usually explain a stall in full (challenges, fraud, evictions, failures). Never throws.
 */
export async function summarizeLog(log: EventLog, maxTold = 40): Promise<string> {
  try {
    const info = await log.jsm.streams.info(log.store.names.stream);
    const last = info.state.last_seq;
    if (last === 0) return 'the log is empty';
    const counts = new Map<string, number>();
    const told: string[] = [];
    await readLog(log.js, { stream: log.store.names.stream, filter: log.store.subjectOf('>'), lastSeq: last, maxMessages: 1000 }, (m) => {
      const event = log.store.decode(m.data) as EventEnvelope<string, unknown>;
      counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
      // A short log is told in full: every event may matter to a stall.
      if ((last <= SHORT_LOG || TOLD_IN_FULL.test(event.type)) && told.length < Math.max(maxTold, SHORT_LOG)) told.push(`${event.time} ${event.type} ${JSON.stringify(event.data).slice(0, 300)}`);
    });
    const table = [...counts].map(([type, n]) => `${n} × ${type}`).join('\n  ');
    return `log (${last} events):\n  ${table}\nnotable:\n  ${told.join('\n  ') || '(none)'}`;
  } catch (err) {
    return `log summary unavailable: ${String(err)}`;
  }
}
