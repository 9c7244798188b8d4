import { explainLease, type LeaseFacts } from './lease-explanation';

const completed: LeaseFacts = {
  state: 'completed',
  leaseExpiresAt: '2026-11-30T16:00:30.000Z',
  endedAt: '2026-11-30T16:00:05.000Z',
  error: null,
  verdict: 'verified',
  verdictReason: null,
  fraud: null,
  reward: { amount: '1000', epoch: 3 },
  epochSettled: true,
  payoutBound: true,
};
const given = (over: Partial<LeaseFacts>) => explainLease({ ...completed, ...over });

describe('explaining a lease to its operator', () => {
  it('given a running lease, then status running and no why', () => {
    expect(given({ state: 'active', verdict: null, reward: null })).toEqual({ status: 'running', why: null });
  });

  it('given a verified result paid in a settled epoch, then settled and no why', () => {
    expect(given({})).toEqual({ status: 'settled', why: null });
  });

  it('given an expired lease, then why names the expiry and that only verified results earn', () => {
    const { status, why } = given({ state: 'expired', verdict: null, reward: null });
    expect(status).toBe('lease-ended');
    expect(why).toContain('expired at 2026-11-30T16:00:30.000Z');
    expect(why).toContain('Only verified results earn');
  });

  it("given a failed lease with the node's error, then why quotes the code and message", () => {
    expect(given({ state: 'failed', verdict: null, reward: null, error: { code: 'RUNNER.EXECUTION_FAILED', message: 'out of memory' } }).why).toContain('RUNNER.EXECUTION_FAILED: out of memory');
  });

  it('given a rejected result, then why gives the reason and says the node is not punished', () => {
    const { status, why } = given({ verdict: 'rejected', verdictReason: 'sampled rows beyond tolerance noise', reward: null });
    expect(status).toBe('rejected');
    expect(why).toMatch(/sampled rows beyond tolerance noise.*not punished/);
  });

  it('given proven fraud, then why names the kind and the evidence and the slash', () => {
    const { status, why } = given({ verdict: 'fraud', fraud: { kind: 'wrong-output', detail: 'row 3 differs' }, reward: null });
    expect(status).toBe('fraud');
    expect(why).toMatch(/wrong-output.*row 3 differs.*slashed/);
  });

  it('given a result awaiting its verdict or escalated, then why says what it waits for', () => {
    expect(given({ verdict: null, reward: null }).status).toBe('awaiting-verification');
    expect(given({ verdict: 'escalated', verdictReason: 'within noise', reward: null }).why).toContain('replica');
  });

  it('given a verified result whose epoch is open, then accrued with its epoch', () => {
    expect(given({ epochSettled: false })).toEqual({ status: 'accrued', why: 'Earned 1000 wei in epoch 3; paid on-chain when epoch 3 settles.' });
  });

  it('given a settled epoch and no payout address, then unpaid-no-payout saying how to bind one', () => {
    const { status, why } = given({ payoutBound: false });
    expect(status).toBe('unpaid-no-payout');
    expect(why).toContain('bind-payout');
  });

  it('given a verified result not rewarded yet or rewarded 0 for a spent budget, then why says so', () => {
    expect(given({ reward: null }).status).toBe('verified');
    expect(given({ reward: { amount: '0', epoch: 3 } }).why).toContain('budget was spent');
  });
});
