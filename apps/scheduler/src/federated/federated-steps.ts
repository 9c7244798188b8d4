import type { FragmentKind } from '@corex/events';

/** A JobFragmentsPlanned step of a federated job: 0 = setup, then update and unmask per round (rounds from 1). */
export type FederatedPhase = { phase: 'setup' } | { phase: 'update'; round: number } | { phase: 'unmask'; round: number };

/** Which phase a step is. */
export function phaseOfStep(step: number): FederatedPhase {
  if (step === 0) return { phase: 'setup' };
  const round = Math.ceil(step / 2);
  return step % 2 === 1 ? { phase: 'update', round } : { phase: 'unmask', round };
}

/** The step a phase is planned as. */
export function stepOfPhase(p: FederatedPhase): number {
  if (p.phase === 'setup') return 0;
  return p.phase === 'update' ? 2 * p.round - 1 : 2 * p.round;
}

export const FRAGMENT_KIND_OF = { setup: 'federated-setup', update: 'federated-update', unmask: 'federated-unmask' } as const satisfies Record<FederatedPhase['phase'], FragmentKind>;

/** The one output name of a federated task: the node returns a secure-aggregation document, not a tensor map. */
export const FEDERATED_OUTPUT = 'secagg';
