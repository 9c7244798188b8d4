import { explainAssignment, type AssignmentFacts } from './explain-assignment';

const facts: AssignmentFacts = {
  nodeId: 'NODE',
  fragmentId: 'frag-1',
  attempt: 2,
  score: { tier: 1.5, reputation: 0.9, stakeBoost: 2, priority: 4, sizeFit: 0.75, locality: 1, total: 1.5 * 0.9 * 2 * 4 * 0.75 },
  outcome: 'active',
  leaseExpiresAt: '2026-11-26T10:00:00.000Z',
  endedAt: null,
};

describe('explainAssignment', () => {
  it('gives the total as the product of its factors, largest first, for an open lease', () => {
    expect(explainAssignment(facts)).toBe(
      'Node NODE got fragment frag-1 on attempt 2, scored 8.1 = priority 4 × stakeBoost 2 × tier 1.5 × locality 1 × reputation 0.9 × sizeFit 0.75; ' +
        'the lease runs until 2026-11-26T10:00:00.000Z.',
    );
  });

  it('lists the factors without × when the total is not their product', () => {
    expect(explainAssignment({ ...facts, score: { total: 3, tier: 1.5, reputation: 0.9 } })).toContain(', scored 3 from tier 1.5, reputation 0.9;');
  });

  it('tells how a lease ended', () => {
    const completed = explainAssignment({ ...facts, outcome: 'completed', endedAt: '2026-11-26T09:30:00.000Z' });
    expect(completed).toMatch(/; the node returned a result at 2026-11-26T09:30:00.000Z\.$/);
    const expired = explainAssignment({ ...facts, outcome: 'expired', endedAt: '2026-11-26T10:00:01.000Z' });
    expect(expired).toMatch(/; the lease ended without a result \(expired\) at 2026-11-26T10:00:01.000Z\.$/);
  });

  it("given a failed lease with the node's error, when explained, then the error's code and message are in the line", () => {
    const failed = explainAssignment({ ...facts, outcome: 'failed', endedAt: '2026-11-26T09:00:00.000Z', error: { code: 'RUNNER.EXECUTION_FAILED', message: 'Relu failed' } });
    expect(failed).toMatch(/; the lease ended without a result \(failed: RUNNER\.EXECUTION_FAILED: Relu failed\) at 2026-11-26T09:00:00\.000Z\.$/);
  });

  it('says so when the breakdown has no total or no factors', () => {
    expect(explainAssignment({ ...facts, score: { locality: 1 } })).toContain(', scored from locality 1;');
    expect(explainAssignment({ ...facts, score: {} })).toContain(', scored (no factors recorded);');
  });
});
