import { MAX_CLOCK_SKEW_MS } from '@corex/node-protocol';
import { NodeGate } from './node-gate';
import { NonceRegistry } from './nonce-registry';
import { TokenBuckets } from './token-buckets';

const T0 = Date.parse('2026-11-29T00:00:00.000Z');

describe('NonceRegistry', () => {
  it('refuses a nonce seen within the acceptance window, for as long as the message could be fresh', () => {
    const nonces = new NonceRegistry(T0);
    expect(nonces.remember('n', 'x', T0)).toBe('fresh');
    expect(nonces.remember('n', 'x', T0 + 2 * MAX_CLOCK_SKEW_MS - 1)).toBe('replayed');
    expect(nonces.remember('m', 'x', T0 + 1)).toBe('fresh');
  });

  it('forgets nonces once no message carrying them can be fresh again, so memory stays bounded', () => {
    const nonces = new NonceRegistry(T0);
    nonces.remember('n', 'x', T0);
    expect(nonces.remember('n', 'y', T0 + 3 * MAX_CLOCK_SKEW_MS)).toBe('fresh');
    expect(nonces.size).toBe(1);
  });

  it('refuses new messages rather than forget a nonce early when full', () => {
    const nonces = new NonceRegistry(T0, 2);
    nonces.remember('n', 'a', T0);
    nonces.remember('n', 'b', T0);
    expect(nonces.remember('n', 'c', T0)).toBe('full');
    expect(nonces.remember('n', 'a', T0)).toBe('replayed');
  });
});

describe('TokenBuckets', () => {
  it('allows the burst, then the rate, per key, and says when to retry', () => {
    const buckets = new TokenBuckets(2, 3);
    expect([1, 2, 3].map(() => buckets.take('a', T0))).toEqual([true, true, true]);
    expect(buckets.retryAfterMs('a', T0)).toBe(500);
    expect(buckets.take('b', T0)).toBe(true);
    expect(buckets.take('a', T0 + 500)).toBe(true);
  });

  it('holds at most maxKeys buckets', () => {
    const buckets = new TokenBuckets(1, 1, 10);
    for (let i = 0; i < 100; i++) buckets.take(`k${i}`, T0);
    expect(buckets.size).toBe(10);
  });
});

describe('NodeGate', () => {
  it('refuses a replayed nonce with NODE.REPLAYED and a node over its rate with NODE.RATE_LIMITED', () => {
    const gate = new NodeGate({ ratePerSecond: 1, burst: 2, maxNonces: 100 }, T0);
    expect(gate.admit({ nodeId: 'n', nonce: 'a' }, T0)).toBeNull();
    expect(gate.admit({ nodeId: 'n', nonce: 'a' }, T0)).toMatchObject({ code: 'NODE.REPLAYED' });
    expect(gate.admit({ nodeId: 'n', nonce: 'b' }, T0)).toMatchObject({ code: 'NODE.RATE_LIMITED', retryAfterMs: 1000 });
    expect(gate.admit({ nodeId: 'm', nonce: 'b' }, T0)).toBeNull();
  });
});
