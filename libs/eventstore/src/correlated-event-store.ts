import type { NewEvent } from '@corex/events';
import { currentCorrelation } from '@corex/platform';
import { EventStore, type AppendMeta, type AppendResult } from './event-store';

/**
 * The store `openEventLog` returns: an append without explicit ids takes the correlation of the
 * work running (the marketplace's HTTP request id, or the event a handler reacts to), so one
 * correlation id follows a flow across services.
 */
export class CorrelatedEventStore extends EventStore {
  override append(relative: string, events: NewEvent[], expectedVersion: number, meta: AppendMeta = {}): Promise<AppendResult> {
    const running = currentCorrelation();
    return super.append(relative, events, expectedVersion, running ? { ...running, ...meta } : meta);
  }
}
