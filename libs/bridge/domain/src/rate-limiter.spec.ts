import { admit, capacityAt, fullRateLimiter, release, RATE_LIMIT_WINDOW_SECONDS, type RateLimits } from './rate-limiter';

const WEI = 10n ** 18n;
const DAY = RATE_LIMIT_WINDOW_SECONDS;
const limits: RateLimits = { dailyCap: 1_000n * WEI, largeTransferThreshold: 600n * WEI, largeTransferDelay: 3_600 };
const t0 = 1_800_000_000;

describe('inbound rate limiter (the rule of InboundRateLimiter.sol)', () => {
  it('given a full limiter, when transfers fit the capacity, then they are delivered and spend it', () => {
    const first = admit(fullRateLimiter(limits, t0), limits, 500n * WEI, t0);
    expect(first).toMatchObject({ kind: 'deliver', state: { capacity: 500n * WEI, at: t0 } });
    const second = admit(first.state, limits, 500n * WEI, t0);
    expect(second.kind).toBe('deliver');
    expect(capacityAt(second.state, limits, t0)).toBe(0n);
  });

  it('given a spent capacity, then it refills linearly over 24 h and never above the cap', () => {
    const empty = { capacity: 0n, at: t0 };
    expect(capacityAt(empty, limits, t0 + DAY / 4)).toBe(250n * WEI);
    expect(capacityAt(empty, limits, t0 + DAY)).toBe(limits.dailyCap);
    expect(capacityAt(empty, limits, t0 + 3 * DAY)).toBe(limits.dailyCap);
  });

  it('given too little capacity, when a transfer arrives, then it is held until the refill covers it (rounded up to the second), capacity untouched', () => {
    const low = { capacity: 100n * WEI, at: t0 };
    const held = admit(low, limits, 350n * WEI, t0);
    expect(held).toEqual({ kind: 'hold', reason: 'daily-cap', releaseAt: t0 + 21_600, state: low });
    const odd = admit({ capacity: 0n, at: t0 }, limits, 1n, t0);
    expect(odd).toMatchObject({ kind: 'hold', releaseAt: t0 + 1 });
  });

  it('given any capacity, when a transfer reaches the large-transfer threshold, then it waits the delay', () => {
    const full = fullRateLimiter(limits, t0);
    expect(admit(full, limits, 600n * WEI, t0)).toEqual({ kind: 'hold', reason: 'large-transfer', releaseAt: t0 + 3_600, state: full });
    expect(admit(full, limits, 600n * WEI - 1n, t0).kind).toBe('deliver');
  });

  it('given a held transfer, when released before it is due, then it stays held until the same time', () => {
    const full = fullRateLimiter(limits, t0);
    expect(release(full, limits, { amount: 700n * WEI, reason: 'large-transfer', releaseAt: t0 + 3_600 }, t0 + 10)).toMatchObject({ kind: 'hold', releaseAt: t0 + 3_600 });
  });

  it('given a due held transfer, when released, then it is delivered if the capacity covers it, else held again until it will', () => {
    const held = { amount: 700n * WEI, reason: 'large-transfer' as const, releaseAt: t0 + 3_600 };
    expect(release(fullRateLimiter(limits, t0), limits, held, t0 + 3_600)).toEqual({ kind: 'deliver', state: { capacity: 300n * WEI, at: t0 + 3_600 } });
    const spent = { capacity: 0n, at: t0 + 3_600 };
    expect(release(spent, limits, held, t0 + 3_600)).toMatchObject({ kind: 'hold', reason: 'daily-cap', releaseAt: t0 + 3_600 + 60_480 });
  });

  it('given a transfer above the daily cap, then it is held until the capacity is full and released from it, emptying it', () => {
    const huge = 1_500n * WEI;
    const small = { ...limits, largeTransferThreshold: 10_000n * WEI };
    const held = admit({ capacity: 400n * WEI, at: t0 }, small, huge, t0);
    expect(held).toMatchObject({ kind: 'hold', reason: 'daily-cap', releaseAt: t0 + 51_840 });
    if (held.kind !== 'hold') throw new Error('not held');
    expect(release(held.state, small, { amount: huge, reason: held.reason, releaseAt: held.releaseAt }, held.releaseAt)).toEqual({ kind: 'deliver', state: { capacity: 0n, at: held.releaseAt } });
  });
});
