import { Counter } from 'prom-client';
import { FragmentRejected, FragmentVerified, FraudDetected, VerificationEscalated } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { createServiceOps, eventsBehind, natsProbe, type ServiceOps } from '@corex/platform';

/** The verdict label of each verdict event type. */
const VERDICTS: Record<string, string> = {
  [FragmentVerified.type]: 'verified',
  [FragmentRejected.type]: 'rejected',
  [VerificationEscalated.type]: 'escalated',
  [FraudDetected.type]: 'fraud',
};

/** The verifier's `/metrics` and `/health`, told by its consumers where they are and by its judge what it decided. */
export interface VerifierOps {
  ops: ServiceOps;
  /** The last stream sequence a consumer of the whole log handled. */
  handled(consumer: string, seq: number): void;
  /** Verdicts this process appended. */
  verdicts(types: readonly string[]): void;
}

export function createVerifierOps(log: EventLog): VerifierOps {
  const positions = new Map<string, number>();
  const ops = createServiceOps({
    service: 'verifier',
    dependencies: { nats: natsProbe(log.nc) },
    consumers: async () => {
      const subject = log.store.subjectOf('>');
      const entries = await Promise.all([...positions].map(async ([name, seq]) => [name, await eventsBehind(log.jsm, log.store.names.stream, subject, seq)] as const));
      return Object.fromEntries(entries);
    },
  });
  const outcomes = new Counter({
    name: 'corex_verification_outcomes_total',
    help: 'Verdicts this verifier appended, by verdict (verified, rejected, escalated, fraud)',
    labelNames: ['verdict'],
    registers: [ops.registry],
  });
  for (const verdict of Object.values(VERDICTS)) outcomes.inc({ verdict }, 0);
  return {
    ops,
    handled: (consumer, seq) => void positions.set(consumer, seq),
    verdicts: (types) => {
      for (const type of types) outcomes.inc({ verdict: VERDICTS[type] ?? type });
    },
  };
}
