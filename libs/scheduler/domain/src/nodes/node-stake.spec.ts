import { cxtToWei, isStaked, stakeBoostOf } from './node-stake';

describe('node stake', () => {
  it('reads CXT decimals as wei, to the last of 18 decimals', () => {
    expect(cxtToWei('0')).toBe(0n);
    expect(cxtToWei('1000')).toBe(1000n * 10n ** 18n);
    expect(cxtToWei('1.5')).toBe(15n * 10n ** 17n);
    expect(cxtToWei('0.000000000000000001')).toBe(1n);
  });

  it.each(['', '-1', '1.', '01', '1e3', '0.0000000000000000001'])('refuses %p as a CXT amount', (bad) => {
    expect(() => cxtToWei(bad)).toThrow(expect.objectContaining({ code: 'SCHEDULER.AMOUNT_INVALID' }));
  });

  it('turns the pool boost in basis points into the score factor, and counts only a boost above 1x as staked', () => {
    expect(stakeBoostOf({ activeWei: 0n, boostBps: 10_000, verifier: false })).toBe(1);
    expect(stakeBoostOf({ activeWei: 1n, boostBps: 24_400, verifier: false })).toBe(2.44);
    expect(isStaked({ activeWei: 5n, boostBps: 10_000, verifier: false })).toBe(false);
    expect(isStaked({ activeWei: 5n, boostBps: 11_000, verifier: false })).toBe(true);
  });
});
