import type { FragmentKind } from '@corex/events';

/**
 * A JobFragmentsPlanned step of a federated job: every round r (from 1) is a setup, an update and
 * an unmask phase, steps 3(r−1), 3(r−1)+1 and 3(r−1)+2. The setup runs again each round so that
 * every round has fresh masking keys: a member's key is revealed when it drops, and with one key
 * per job that would also unmask the updates it sent in earlier rounds (docs/federated.md).
 */
export type FederatedPhase = { phase: 'setup'; round: number } | { phase: 'update'; round: number } | { phase: 'unmask'; round: number };

const PHASES = ['setup', 'update', 'unmask'] as const;

/** Which phase a step is. */
export function phaseOfStep(step: number): FederatedPhase {
  return { phase: PHASES[step % 3]!, round: Math.floor(step / 3) + 1 };
}

/** The step a phase is planned as. */
export function stepOfPhase(p: FederatedPhase): number {
  return 3 * (p.round - 1) + PHASES.indexOf(p.phase);
}

/** Steps of a job of `rounds` rounds. */
export function federatedSteps(rounds: number): number {
  return 3 * rounds;
}

export const FRAGMENT_KIND_OF = { setup: 'federated-setup', update: 'federated-update', unmask: 'federated-unmask' } as const satisfies Record<FederatedPhase['phase'], FragmentKind>;

/** The one output name of a federated task: the node returns a secure-aggregation document, not a tensor map. */
export const FEDERATED_OUTPUT = 'secagg';
