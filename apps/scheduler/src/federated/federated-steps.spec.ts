import { federatedSteps, phaseOfStep, stepOfPhase } from './federated-steps';

describe('federated steps', () => {
  it('numbers setup 3(r-1), update 3(r-1)+1 and unmask 3(r-1)+2 for round r: a fresh setup every round', () => {
    expect([0, 1, 2, 3, 4, 5].map(phaseOfStep)).toEqual([
      { phase: 'setup', round: 1 },
      { phase: 'update', round: 1 },
      { phase: 'unmask', round: 1 },
      { phase: 'setup', round: 2 },
      { phase: 'update', round: 2 },
      { phase: 'unmask', round: 2 },
    ]);
  });

  it('maps every phase back to its step', () => {
    for (let step = 0; step < 9; step++) expect(stepOfPhase(phaseOfStep(step))).toBe(step);
  });

  it('counts three steps a round', () => {
    expect(federatedSteps(4)).toBe(12);
  });
});
