import { AsyncLocalStorage } from 'node:async_hooks';

/** Which request or event a piece of work belongs to (CloudEvents extensions `correlationid`, `causationid`). */
export interface Correlation {
  /** The request, or first event, that started the whole flow; kept by every event it causes, across services. */
  correlationId: string;
  /** The request or event that directly caused this work. */
  causationId: string;
}

const storage = new AsyncLocalStorage<Correlation>();

/**
 * Runs `fn` under `correlation`: events appended within it (EventLog's store) carry it, and every
 * line the platform logger writes within it names it. Follows the work across awaits and timers
 * started inside.
 */
export function withCorrelation<T>(correlation: Correlation, fn: () => T): T {
  return storage.run(correlation, fn);
}

/** The correlation of the work running now, if any. */
export function currentCorrelation(): Correlation | undefined {
  return storage.getStore();
}

/** The correlation of work an event caused: the event's correlation id, caused by the event itself. */
export function causedBy(event: { id: string; correlationid: string }): Correlation {
  return { correlationId: event.correlationid, causationId: event.id };
}
