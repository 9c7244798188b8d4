import { ConcurrencySlots, RateLimiter } from './rate-limit';

const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'ok';
  } catch (err) {
    return { code: (err as { code: string }).code, details: (err as { details?: unknown }).details };
  }
};

describe('RateLimiter', () => {
  it('lets a burst through, then refuses with the seconds until a token is back', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, perSecond: 0.5, now: () => now });
    for (let i = 0; i < 3; i++) expect(codeOf(() => limiter.take('k'))).toBe('ok');
    expect(codeOf(() => limiter.take('k'))).toEqual({ code: 'RATE.LIMITED', details: { retryAfterSeconds: 2 } });
    now = 1999;
    expect(codeOf(() => limiter.take('k'))).toEqual({ code: 'RATE.LIMITED', details: { retryAfterSeconds: 1 } });
    now = 2000;
    expect(codeOf(() => limiter.take('k'))).toBe('ok');
  });

  it('tells what is left: whole tokens remaining and the seconds until the bucket is full', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 4, perSecond: 2, now: () => now });
    expect(limiter.take('k')).toEqual({ limit: 4, remaining: 3, resetSeconds: 1 });
    limiter.take('k');
    limiter.take('k');
    expect(limiter.take('k')).toEqual({ limit: 4, remaining: 0, resetSeconds: 2 });
    now = 250;
    expect(limiter.state('k')).toEqual({ limit: 4, remaining: 0, resetSeconds: 2 });
    now = 2000;
    expect(limiter.state('k')).toEqual({ limit: 4, remaining: 4, resetSeconds: 0 });
  });

  it('keeps one bucket per key and never refills past the burst', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 1, perSecond: 1, now: () => now });
    limiter.take('a');
    expect(codeOf(() => limiter.take('b'))).toBe('ok');
    now = 60_000;
    limiter.take('a');
    expect(codeOf(() => limiter.take('a'))).toMatchObject({ code: 'RATE.LIMITED' });
  });
});

describe('ConcurrencySlots', () => {
  it('refuses past the maximum and frees a slot once per release', () => {
    const slots = new ConcurrencySlots(2);
    const release = slots.acquire('k');
    slots.acquire('k');
    expect(codeOf(() => slots.acquire('k'))).toMatchObject({ code: 'RATE.TOO_MANY_STREAMS' });
    release();
    release();
    expect(codeOf(() => slots.acquire('k'))).toBe('ok');
    expect(codeOf(() => slots.acquire('k'))).toMatchObject({ code: 'RATE.TOO_MANY_STREAMS' });
  });
});
