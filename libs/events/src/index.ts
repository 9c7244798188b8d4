import { accountEvents } from './accounts';
import { bridgeTaskEvents } from './bridge';
import { bridgeRewardEvents } from './bridge-rewards';
import { EventCatalog } from './catalog';
import { chainEvents } from './chain';
import { federationEvents } from './federation';
import { fragmentEvents } from './fragments';
import { fundsEvents } from './funds';
import { jobEvents } from './jobs';
import { nodeEvents } from './nodes';
import { securityEvents } from './security';
import { settlementEvents } from './settlement';
import { trustEvents } from './trust';
import { uploadEvents } from './uploads';

export * from './envelope';
export * from './catalog';
export * from './common';
export * from './subjects';
export * from './accounts';
export * from './jobs';
export * from './fragments';
export * from './uploads';
export * from './nodes';
export * from './security';
export * from './settlement';
export * from './chain';
export * from './funds';
export * from './trust';
export * from './federation';
export * from './bridge';
export * from './bridge-rewards';

/** Builds the catalog of every event type the system knows. */
export function createCorexCatalog(): EventCatalog {
  return new EventCatalog().register(
    ...accountEvents,
    ...jobEvents,
    ...fragmentEvents,
    ...nodeEvents,
    ...uploadEvents,
    ...securityEvents,
    ...settlementEvents,
    ...chainEvents,
    ...fundsEvents,
    ...trustEvents,
    ...federationEvents,
    ...bridgeTaskEvents,
    ...bridgeRewardEvents,
  );
}
