import { backoffDelay, idleDelay } from './backoff';

describe('backoff', () => {
  const policy = { initialMs: 100, capMs: 1_000 };
  const noJitter = () => 0.999999;

  it('doubles the wait with each consecutive failure up to the cap', () => {
    expect([1, 2, 3, 4, 5, 50].map((n) => backoffDelay(n, policy, noJitter))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('waits between half and all of the ceiling', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(200);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(300);
  });

  it('does not wait before the first failure', () => {
    expect(backoffDelay(0, policy)).toBe(0);
  });

  it("waits the scheduler's retryAfterMs when there is no work, but never past the cap", () => {
    expect(idleDelay(250, 1_000)).toBe(250);
    expect(idleDelay(60_000, 1_000)).toBe(1_000);
    expect(idleDelay(-5, 1_000)).toBe(0);
  });
});
