import fc from 'fast-check';
import { scoreAssignment, sizeFit } from './score';

const node = { tier: 'pro' as const, reputation: 0.8, stakeBoost: 2 };

describe('score', () => {
  it('multiplies tier weight, reputation, stake boost, priority weight, size fit and locality', () => {
    const score = scoreAssignment(node, 'high', 512, 1024);
    expect(score).toEqual({ tier: 1.5, reputation: 0.8, stakeBoost: 2, priority: 4, sizeFit: 0.75, locality: 1, replica: 1, total: 1.5 * 0.8 * 2 * 4 * 0.75 });
  });

  it('gives a verifier-qualified node a bonus for a replica, and nobody else', () => {
    expect(scoreAssignment({ ...node, verifier: true }, 'high', 512, 1024, true)).toMatchObject({ replica: 1.5, total: 1.5 * 0.8 * 2 * 4 * 0.75 * 1.5 });
    expect(scoreAssignment({ ...node, verifier: false }, 'high', 512, 1024, true).replica).toBe(1);
    expect(scoreAssignment({ ...node, verifier: true }, 'high', 512, 1024, false).replica).toBe(1);
  });

  it('rates a fragment that fills the offered memory as a perfect fit, and a tiny one near one half', () => {
    expect(sizeFit(1024, 1024)).toBe(1);
    expect(sizeFit(1, 1e9)).toBeCloseTo(0.5, 6);
  });

  it('always ranks a higher priority above a lower one on the same node, whatever the sizes', () => {
    const size = fc.integer({ min: 1, max: 1e9 });
    fc.assert(
      fc.property(size, size, size, (needA, needB, free) => {
        const high = scoreAssignment(node, 'high', needA, free).total;
        const normal = scoreAssignment(node, 'normal', needB, free).total;
        const low = scoreAssignment(node, 'low', needA, free).total;
        expect(high).toBeGreaterThan(normal);
        expect(normal).toBeGreaterThan(low);
      }),
    );
  });
});
