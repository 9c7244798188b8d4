import { phaseOfStep, stepOfPhase } from './federated-steps';

describe('federated steps', () => {
  it('numbers setup 0, then update 2r-1 and unmask 2r for round r', () => {
    expect([0, 1, 2, 3, 4].map(phaseOfStep)).toEqual([
      { phase: 'setup' },
      { phase: 'update', round: 1 },
      { phase: 'unmask', round: 1 },
      { phase: 'update', round: 2 },
      { phase: 'unmask', round: 2 },
    ]);
  });

  it('maps every phase back to its step', () => {
    for (let step = 0; step < 9; step++) expect(stepOfPhase(phaseOfStep(step))).toBe(step);
  });
});
