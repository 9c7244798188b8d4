import type { EventLog } from '@corex/eventstore';
import { createServiceOps, eventsBehind, natsProbe, type ServiceOps } from '@corex/platform';
import type { ReputationService } from '../reputation.service';

/** The reputation service's `/metrics` and `/health`: NATS, and how far its engine is behind the log. */
export function createReputationOps(log: EventLog, service: ReputationService): ServiceOps {
  return createServiceOps({
    service: 'reputation',
    dependencies: { nats: natsProbe(log.nc) },
    consumers: async (): Promise<Record<string, number>> => {
      const engine = service.engine;
      if (!engine) return {};
      return { 'reputation-engine': await eventsBehind(log.jsm, log.store.names.stream, log.store.subjectOf('>'), engine.position) };
    },
  });
}
