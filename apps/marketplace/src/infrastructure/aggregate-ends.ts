import type { StoredEvent } from '@corex/events';
import type { EventLog } from '@corex/eventstore';

/**
 * The first and the last event of one aggregate, each read with one direct get, however long
 * the aggregate is. Belongs in EventStore beside read(); kept here while libs are not ours.
 */
export async function firstEvent(log: EventLog, relative: string): Promise<StoredEvent | null> {
  return directGet(log, { seq: 1, next_by_subj: log.store.subjectOf(relative) });
}

export async function lastEvent(log: EventLog, relative: string): Promise<StoredEvent | null> {
  return directGet(log, { last_by_subj: log.store.subjectOf(relative) });
}

async function directGet(log: EventLog, request: { seq: number; next_by_subj: string } | { last_by_subj: string }): Promise<StoredEvent | null> {
  const msg = await log.jsm.direct.getMessage(log.store.names.stream, request);
  return msg ? { seq: msg.seq, event: log.store.decode(msg.data) } : null;
}
