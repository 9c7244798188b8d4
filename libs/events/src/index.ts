import { accountEvents } from './accounts';
import { EventCatalog } from './catalog';
import { jobEvents } from './jobs';
import { nodeEvents } from './nodes';
import { securityEvents } from './security';

export * from './envelope';
export * from './catalog';
export * from './common';
export * from './subjects';
export * from './accounts';
export * from './jobs';
export * from './nodes';
export * from './security';

/** Builds the catalog of every event type the system knows. */
export function createCorexCatalog(): EventCatalog {
  return new EventCatalog().register(...accountEvents, ...jobEvents, ...nodeEvents, ...securityEvents);
}
