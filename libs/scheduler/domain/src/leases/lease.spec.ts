import { checkResult, grantLease, renewLease } from './lease';

const lease = grantLease({ fragmentId: 'job-1-s0-f0', attempts: 2 }, 'node-a', 1_000, 5_000);
const claim = { fragmentId: 'job-1-s0-f0', nodeId: 'node-a', leaseId: lease.leaseId, now: 2_000 };

describe('leases', () => {
  it('grants the next attempt with an attempt-numbered id and an expiry ttl from now', () => {
    expect(lease).toEqual({ leaseId: 'job-1-s0-f0-a3', fragmentId: 'job-1-s0-f0', nodeId: 'node-a', attempt: 3, expiresAt: 6_000 });
  });

  it('uses the lease id factory it is given', () => {
    const custom = grantLease({ fragmentId: 'f', attempts: 0 }, 'n', 0, 1, (id, attempt) => `${id}:${attempt}:x`);
    expect(custom.leaseId).toBe('f:1:x');
  });

  it('accepts a result under the current lease, from its node, before expiry', () => {
    expect(checkResult(lease, claim)).toEqual({ ok: true, lease });
  });

  it.each([
    ['LEASE.UNKNOWN_FRAGMENT', undefined, claim],
    ['LEASE.UNKNOWN_FRAGMENT', lease, { ...claim, fragmentId: 'job-1-s0-f1' }],
    ['LEASE.NOT_LEASED_TO_NODE', lease, { ...claim, nodeId: 'node-b' }],
    ['LEASE.STALE', lease, { ...claim, leaseId: 'job-1-s0-f0-a2' }],
    ['LEASE.EXPIRED', lease, { ...claim, now: 6_000 }],
  ] as const)('refuses with %s', (code, current, attempt) => {
    expect(checkResult(current, attempt)).toEqual({ ok: false, code });
  });

  it('extends a lease from now, never shortening it', () => {
    expect(renewLease(lease, 4_000, 5_000).expiresAt).toBe(9_000);
    expect(renewLease(lease, 4_000, 1_000).expiresAt).toBe(6_000);
  });
});
