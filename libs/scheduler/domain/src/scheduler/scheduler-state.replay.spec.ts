import type { Lease } from '../leases/lease';
import { givenScheduler, node, plan, T0 } from '../testing/scheduler-fixtures';
import type { RequeueReason } from './scheduler-types';

type Recorded =
  | { type: 'assigned'; lease: Lease }
  | { type: 'completed'; lease: Lease; at: number }
  | { type: 'ended'; lease: Lease; reason: RequeueReason };

const nodes = [node('a'), node('b')];
const plans = ['f0', 'f1', 'f2', 'f3', 'f4'].map((id, i) => plan(id, { priority: i % 2 ? 'high' : 'low' }));

/** Runs some traffic on a live scheduler and records what the app would append to the log. */
function liveHistory() {
  const live = givenScheduler({ nodes, fragments: plans });
  const log: Recorded[] = [];
  const request = (nodeId: string, now: number) =>
    live.requestWork({ nodeId, freeMemoryBytes: 1e12, slots: 2, now }).map(({ lease }) => (log.push({ type: 'assigned', lease }), lease));
  const [a1, a2] = request('a', T0);
  const [b1] = request('b', T0 + 1);
  live.complete(a1!.fragmentId, a1!.leaseId, 'a', T0 + 2);
  log.push({ type: 'completed', lease: a1!, at: T0 + 2 });
  live.release(b1!.fragmentId, b1!.leaseId, 'b', T0 + 3);
  log.push({ type: 'ended', lease: b1!, reason: 'released' });
  for (const { lease, reason } of live.sweep(T0 + 10_000).ended) log.push({ type: 'ended', lease, reason });
  request('b', T0 + 10_001);
  expect(a2).toBeDefined();
  return { live, log };
}

function replay(log: Recorded[]) {
  const rebuilt = givenScheduler({ nodes, fragments: plans });
  for (const event of log) {
    if (event.type === 'assigned') expect(rebuilt.restoreLease(event.lease)).toBe(true);
    if (event.type === 'completed') expect(rebuilt.complete(event.lease.fragmentId, event.lease.leaseId, event.lease.nodeId, event.at).ok).toBe(true);
    if (event.type === 'ended') expect(rebuilt.endLease(event.lease.leaseId, event.reason)).toBeDefined();
  }
  return rebuilt;
}

describe('SchedulerState rebuilt from its recorded history', () => {
  it('holds the same fragments, leases and queue order as the live one', () => {
    const { live, log } = liveHistory();
    const rebuilt = replay(log);
    expect(rebuilt.stats()).toEqual(live.stats());
    for (const { fragmentId } of plans) expect(rebuilt.fragment(fragmentId)).toEqual(live.fragment(fragmentId));
    const next = (state: typeof live) => state.requestWork({ nodeId: 'a', freeMemoryBytes: 1e12, slots: 4, now: T0 + 10_002 });
    expect(next(rebuilt)).toEqual(next(live));
  });

  it('remembers failures across the rebuild, so exclusions survive a restart', () => {
    const rebuilt = givenScheduler({ nodes, fragments: [plan('f')] });
    rebuilt.restoreLease({ leaseId: 'f-a1', fragmentId: 'f', nodeId: 'a', attempt: 1, expiresAt: T0 + 10 });
    rebuilt.endLease('f-a1', 'expired');
    rebuilt.restoreLease({ leaseId: 'f-a2', fragmentId: 'f', nodeId: 'a', attempt: 2, expiresAt: T0 + 20 });
    expect(rebuilt.endLease('f-a2', 'node-lost')).toMatchObject({ nodeExcluded: true });
    expect(rebuilt.requestWork({ nodeId: 'a', freeMemoryBytes: 1e12, slots: 1, now: T0 + 30 })).toEqual([]);
    expect(rebuilt.requestWork({ nodeId: 'b', freeMemoryBytes: 1e12, slots: 1, now: T0 + 30 })[0]!.lease.attempt).toBe(3);
  });

  it('refuses to restore a lease on a fragment that is not queued', () => {
    const rebuilt = givenScheduler({ nodes, fragments: [plan('f')] });
    expect(rebuilt.restoreLease({ leaseId: 'x-a1', fragmentId: 'x', nodeId: 'a', attempt: 1, expiresAt: T0 })).toBe(false);
    expect(rebuilt.restoreLease({ leaseId: 'f-a1', fragmentId: 'f', nodeId: 'a', attempt: 1, expiresAt: T0 + 10 })).toBe(true);
    expect(rebuilt.restoreLease({ leaseId: 'f-a2', fragmentId: 'f', nodeId: 'b', attempt: 2, expiresAt: T0 + 10 })).toBe(false);
  });
});
