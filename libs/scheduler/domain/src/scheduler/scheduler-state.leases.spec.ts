import { givenScheduler, node, plan, requestOne, T0 } from '../testing/scheduler-fixtures';

const TTL = 10_000;

/** Given nodes a and b and fragment f leased to a at T0. */
function givenLeasedToA() {
  const state = givenScheduler({ nodes: [node('a'), node('b')], fragments: [plan('f'), plan('g')] });
  const { lease } = requestOne(state, 'a')!;
  return { state, lease };
}

describe('SchedulerState leases', () => {
  it('accepts a result under the current lease once and closes it', () => {
    const { state, lease } = givenLeasedToA();
    expect(state.complete('f', lease.leaseId, 'a', T0 + 1)).toEqual({ ok: true, lease, jobRemaining: 1 });
    expect(state.complete('f', lease.leaseId, 'a', T0 + 2)).toEqual({ ok: false, code: 'LEASE.UNKNOWN_FRAGMENT' });
    expect(state.stats()).toMatchObject({ leased: 0, completed: 1 });
  });

  it('refuses a result from another node', () => {
    const { state, lease } = givenLeasedToA();
    expect(state.complete('f', lease.leaseId, 'b', T0 + 1)).toEqual({ ok: false, code: 'LEASE.NOT_LEASED_TO_NODE' });
    expect(state.fragment('f')!.status).toBe('leased');
  });

  it('refuses a result after expiry, even before the sweeper ran', () => {
    const { state, lease } = givenLeasedToA();
    expect(state.complete('f', lease.leaseId, 'a', T0 + TTL)).toEqual({ ok: false, code: 'LEASE.EXPIRED' });
  });

  it('refuses a result under a stale lease id once the fragment was leased again', () => {
    const { state, lease } = givenLeasedToA();
    state.sweep(T0 + TTL);
    const again = state.requestWork({ nodeId: 'a', freeMemoryBytes: 1e12, slots: 2, now: T0 + TTL });
    const renewed = again.find((a) => a.fragment.fragmentId === 'f')!.lease;
    expect(renewed).toMatchObject({ attempt: 2, nodeId: 'a' });
    expect(state.complete('f', lease.leaseId, 'a', T0 + TTL + 1)).toEqual({ ok: false, code: 'LEASE.STALE' });
    expect(state.complete('f', renewed.leaseId, 'a', T0 + TTL + 1)).toMatchObject({ ok: true });
  });

  it('requeues an expired lease ahead of newer work of the same priority', () => {
    const { state } = givenLeasedToA();
    state.addFragments([plan('h')]);
    const { ended } = state.sweep(T0 + TTL);
    expect(ended).toEqual([expect.objectContaining({ reason: 'expired', nodeExcluded: false, lease: expect.objectContaining({ fragmentId: 'f' }) })]);
    expect(requestOne(state, 'b', T0 + TTL)!.fragment.fragmentId).toBe('f');
  });

  it('excludes a node from a fragment it failed twice, while another node still gets it', () => {
    const state = givenScheduler({ nodes: [node('a'), node('b')], fragments: [plan('f')] });
    const first = requestOne(state, 'a')!;
    state.sweep(T0 + TTL);
    const second = requestOne(state, 'a', T0 + TTL)!;
    expect(second.fragment.fragmentId).toBe('f');
    expect(state.release('f', second.lease.leaseId, 'a', T0 + TTL + 1)).toMatchObject({ ok: true, ended: { reason: 'released', nodeExcluded: true } });
    expect(first.lease.attempt).toBe(1);
    expect(requestOne(state, 'a', T0 + TTL + 2)).toBeUndefined();
    expect(requestOne(state, 'b', T0 + TTL + 2)!.lease).toMatchObject({ fragmentId: 'f', attempt: 3 });
  });

  it('passes over a fragment a node is excluded from to the work behind it, which keeps its place for others', () => {
    const state = givenScheduler({ nodes: [node('a'), node('b')], fragments: [plan('f'), plan('g')] });
    for (const attempt of [0, 1]) {
      const now = T0 + attempt * TTL;
      const { lease } = requestOne(state, 'a', now)!;
      expect(lease.fragmentId).toBe('f');
      state.release('f', lease.leaseId, 'a', now);
    }
    expect(requestOne(state, 'a', T0 + 2 * TTL)!.fragment.fragmentId).toBe('g');
    expect(requestOne(state, 'b', T0 + 2 * TTL)!.fragment.fragmentId).toBe('f');
  });

  it('requeues a fragment whose result was rejected, as a failure of that node', () => {
    const { state, lease } = givenLeasedToA();
    expect(state.release('f', lease.leaseId, 'a', T0 + 1, 'failed')).toMatchObject({ ok: true, ended: { reason: 'failed', nodeExcluded: false } });
    expect(state.fragment('f')).toMatchObject({ status: 'queued', attempts: 1, lease: undefined });
  });

  it('gives a fragment up after failed leases on four nodes, and never schedules it again', () => {
    const nodes = ['a', 'b', 'c', 'd', 'e'];
    const state = givenScheduler({ nodes: nodes.map((id) => node(id)), fragments: [plan('f')] });
    const ends = nodes.slice(0, 4).map((id, i) => {
      const { lease } = requestOne(state, id, T0 + i)!;
      return state.release('f', lease.leaseId, id, T0 + i, 'failed');
    });
    expect(ends.map((end) => end.ok && end.ended.fragmentExhausted)).toEqual([false, false, false, true]);
    expect(state.fragment('f')).toMatchObject({ status: 'exhausted', lease: undefined });
    expect(requestOne(state, 'e', T0 + 10)).toBeUndefined();
    expect(state.stats()).toMatchObject({ queued: 0, leased: 0 });
  });

  it('counts expired and lost leases towards giving up, but not a release at shutdown', () => {
    const state = givenScheduler({ nodes: [node('a'), node('b'), node('c')], fragments: [plan('f')], options: { maxFailedAttempts: 2 } });
    const released = requestOne(state, 'a')!;
    expect(state.release('f', released.lease.leaseId, 'a', T0 + 1)).toMatchObject({ ended: { reason: 'released', fragmentExhausted: false } });
    const expired = requestOne(state, 'b', T0 + 2)!;
    expect(state.endLease(expired.lease.leaseId, 'expired')).toMatchObject({ fragmentExhausted: false });
    expect(state.fragment('f')!.status).toBe('queued');
    const lost = requestOne(state, 'c', T0 + 3)!;
    expect(state.endLease(lost.lease.leaseId, 'node-lost')).toMatchObject({ fragmentExhausted: true });
    expect(state.fragment('f')).toMatchObject({ status: 'exhausted', attempts: 3 });
  });

  it('refuses a release under a lease the node does not hold', () => {
    const { state, lease } = givenLeasedToA();
    expect(state.release('f', lease.leaseId, 'b', T0 + 1)).toEqual({ ok: false, code: 'LEASE.NOT_LEASED_TO_NODE' });
    expect(state.fragment('f')!.status).toBe('leased');
  });

  it('renews the leases a heartbeat lists and tells the node which ones are gone', () => {
    const { state, lease } = givenLeasedToA();
    const renewal = state.heartbeat('a', T0 + 8_000, [lease.leaseId, 'g-a1']);
    expect(renewal.renewed).toEqual([{ ...lease, expiresAt: T0 + 8_000 + TTL }]);
    expect(renewal.dropped).toEqual(['g-a1']);
    expect(state.sweep(T0 + TTL).ended).toEqual([]);
    expect(state.complete('f', lease.leaseId, 'a', T0 + TTL + 1)).toMatchObject({ ok: true });
  });

  it('does not revive an expired lease on heartbeat', () => {
    const { state, lease } = givenLeasedToA();
    expect(state.heartbeat('a', T0 + TTL, [lease.leaseId])).toEqual({ renewed: [], dropped: [lease.leaseId] });
  });

  it('requeues the leases of a node that stopped sending heartbeats', () => {
    const state = givenScheduler({ nodes: [node('a'), node('b')], fragments: [plan('f')], options: { leaseTtlMs: 120_000 } });
    requestOne(state, 'a');
    state.heartbeat('b', T0 + 25_000);
    const swept = state.sweep(T0 + 31_000);
    expect(swept.lostNodes).toEqual(['a']);
    expect(swept.ended).toEqual([expect.objectContaining({ reason: 'node-lost', lease: expect.objectContaining({ fragmentId: 'f', nodeId: 'a' }) })]);
    expect(state.stats()).toMatchObject({ liveNodes: 1, queued: 1, leased: 0 });
    expect(requestOne(state, 'b', T0 + 31_000)!.fragment.fragmentId).toBe('f');
  });

  it('cancels a job: drops its pending fragments, revokes its open leases and leaves other jobs alone', () => {
    const state = givenScheduler({ nodes: [node('a')], fragments: [plan('x1', { jobId: 'x' }), plan('x2', { jobId: 'x' }), plan('y1', { jobId: 'y' })] });
    const { lease } = requestOne(state, 'a')!;
    expect(state.cancelJob('x')).toEqual({ dropped: ['x2'], revoked: [lease] });
    expect(state.complete('x1', lease.leaseId, 'a', T0 + 1)).toEqual({ ok: false, code: 'LEASE.UNKNOWN_FRAGMENT' });
    expect(state.stats()).toMatchObject({ queued: 1, leased: 0, jobs: 1 });
    expect(requestOne(state, 'a')!.fragment.fragmentId).toBe('y1');
  });

  it('caps a request by the capacity slots the node still has free', () => {
    const state = givenScheduler({ nodes: [node('a', { capacitySlots: 2 })], fragments: ['f', 'g', 'h'].map((id) => plan(id)) });
    requestOne(state, 'a');
    expect(state.requestWork({ nodeId: 'a', freeMemoryBytes: 1e12, slots: 5, now: T0 })).toHaveLength(1);
    expect(state.requestWork({ nodeId: 'a', freeMemoryBytes: 1e12, slots: 5, now: T0 })).toHaveLength(0);
  });
});
