import { FragmentAssigned, FragmentLeaseEnded, NodeLeft } from '@corex/events';
import { givenScheduler, node, plan, T0 } from '../testing/scheduler-fixtures';
import {
  decideCompletion,
  decideLeave,
  decideLeaseEnd,
  decideSweep,
  decideWork,
  evolveScheduler,
  type SchedulerEvent,
} from './scheduler-decider';
import type { SchedulerState } from './scheduler-state';

const TTL = 10_000;
const ctx = (now: number) => ({ now, leaseTtlMs: TTL });
const nodes = [node('a'), node('b')];
const plans = ['f0', 'f1', 'f2'].map((id) => plan(id));

/** given(recorded events) → a scheduler that evolved them, as replay at start-up does. */
function given(history: SchedulerEvent[], now = T0): SchedulerState {
  const state = givenScheduler({ nodes, fragments: plans });
  for (const event of history) evolveScheduler(state, event, ctx(now));
  return state;
}

const work = (state: SchedulerState, nodeId: string, now = T0, slots = 1, epoch = 1) =>
  decideWork(state, { nodeId, freeMemoryBytes: 1e12, slots, now, epoch }).map((d) => d.event);

describe('scheduler decider', () => {
  it('decides a lease without changing the state: until it is evolved, the same decision comes again', () => {
    const state = given([]);
    const first = work(state, 'a');
    expect(first).toEqual([expect.objectContaining({ type: FragmentAssigned.type, id: 'assigned-f0-e1-a1' })]);
    expect(work(state, 'a')).toEqual(first);
    expect(state.stats()).toMatchObject({ queued: 3, leased: 0 });
  });

  it('passes over fragments reserved by a decision being recorded', () => {
    const state = given([]);
    const events = decideWork(state, { nodeId: 'a', freeMemoryBytes: 1e12, slots: 1, now: T0, epoch: 1, reserved: (id) => id === 'f0' });
    expect(events.map((e) => e.event.data.fragmentId)).toEqual(['f1']);
  });

  it('counts attempts from the log: after a recorded assignment and its end, the next lease is attempt 2', () => {
    const [assigned] = work(given([]), 'a');
    const state = given([assigned!, decideLeaseEnd(given([assigned!]), { fragmentId: 'f0', leaseId: assigned!.data.leaseId, nodeId: 'a', now: T0 + 1, reason: 'released' })]);
    expect(work(state, 'b')[0]!.data).toMatchObject({ fragmentId: 'f0', attempt: 2, leaseId: 'f0-e1-a2' });
  });

  it('given a failed lease with a known error, when its end is decided, then the event carries the error; without one, none', () => {
    const [assigned] = work(given([]), 'a');
    const state = given([assigned!]);
    const error = { code: 'RUNNER.EXECUTION_FAILED', message: 'graph failed' };
    const end = decideLeaseEnd(state, { fragmentId: 'f0', leaseId: assigned!.data.leaseId, nodeId: 'a', now: T0 + 1, reason: 'failed', error });
    expect(end.data).toMatchObject({ reason: 'failed', error });
    const plain = decideLeaseEnd(state, { fragmentId: 'f0', leaseId: assigned!.data.leaseId, nodeId: 'a', now: T0 + 1, reason: 'failed' });
    expect(plain.data).not.toHaveProperty('error');
  });

  it('counts an attempt recorded in the log even when its lease could not be restored', () => {
    const [a1] = work(given([]), 'a');
    // f0 is not queued when the second assignment is replayed (no end recorded for a1): the id must still not repeat.
    const orphan = { ...a1!, id: 'assigned-f0-e1-a2', data: { ...a1!.data, leaseId: 'f0-e1-a2', attempt: 2 } };
    const state = given([a1!, orphan]);
    const end = decideLeaseEnd(state, { fragmentId: 'f0', leaseId: 'f0-e1-a1', nodeId: 'a', now: T0 + 1, reason: 'released' });
    evolveScheduler(state, end, ctx(T0 + 1));
    expect(work(state, 'b')[0]!.data.leaseId).toBe('f0-e1-a3');
  });

  it('puts the leader epoch into lease ids, so two leaders never issue the same id', () => {
    expect(work(given([]), 'a', T0, 1, 7)[0]!.data.leaseId).toBe('f0-e7-a1');
  });

  it('refuses a result under a lease that is not the current one', () => {
    const [assigned] = work(given([]), 'a');
    const state = given([assigned!]);
    const result = { fragmentId: 'f0', nodeId: 'a', now: T0 + 1, resultHash: 'h', durationMs: 1, rowsProcessed: 64, metrics: {}, signature: 's' };
    expect(() => decideCompletion(state, { ...result, leaseId: 'f0-e1-a9' })).toThrow(expect.objectContaining({ code: 'LEASE.STALE' }));
    expect(() => decideCompletion(state, { ...result, leaseId: assigned!.data.leaseId, nodeId: 'b' })).toThrow(expect.objectContaining({ code: 'LEASE.NOT_LEASED_TO_NODE' }));
    expect(decideCompletion(state, { ...result, leaseId: assigned!.data.leaseId }).id).toBe(`completed-${assigned!.data.leaseId}`);
  });

  it('sweeps expired leases without changing the state; evolving the ends requeues', () => {
    const [assigned] = work(given([]), 'a');
    const state = given([assigned!]);
    const { events } = decideSweep(state, T0 + 2 * TTL);
    expect(events.map((e) => e.data.reason)).toEqual(['expired']);
    expect(state.stats()).toMatchObject({ leased: 1, queued: 2 });
    for (const e of events) expect(evolveScheduler(state, e, ctx(T0 + 2 * TTL))).toEqual({ requeued: true });
    expect(state.stats()).toMatchObject({ leased: 0, queued: 3 });
  });

  it('ends a lease whose assignment the node may never have heard of as released, not charged', () => {
    const [assigned] = work(given([]), 'a');
    const state = given([assigned!]);
    const { events } = decideSweep(state, T0 + 2 * TTL, (id) => id === assigned!.data.leaseId);
    expect(events.map((e) => e.data.reason)).toEqual(['released']);
  });

  it('on leave, releases every open lease of the node (not charged) and forgets the node', () => {
    const assigned = work(given([]), 'a', T0, 2);
    const state = given(assigned);
    const { ended, left } = decideLeave(state, { nodeId: 'a', now: T0 + 1, reason: 'shutdown' });
    expect(ended.map((e) => [e.type, e.data.reason])).toEqual([[FragmentLeaseEnded.type, 'released'], [FragmentLeaseEnded.type, 'released']]);
    expect(left.type).toBe(NodeLeft.type);
    for (const e of [...ended, left]) evolveScheduler(state, e, ctx(T0 + 1));
    expect(() => work(state, 'a')).toThrow(expect.objectContaining({ code: 'SCHEDULER.NODE_UNKNOWN' }));
    expect(state.fragment('f0')).toMatchObject({ status: 'queued' });
    expect(work(state, 'b')[0]!.data.fragmentId).toBe('f0');
  });

  it('gives a fragment up after four failed leases, and says which job must fail', () => {
    const state = given([]);
    let last = {};
    for (let i = 0; i < 4; i++) {
      const nodeId = i % 2 ? 'b' : 'a';
      const [a] = decideWork(state, { nodeId, freeMemoryBytes: 1e12, slots: 1, now: T0 + i, epoch: 1, reserved: (id) => id !== 'f0' });
      evolveScheduler(state, a!.event, ctx(T0 + i));
      const end = decideLeaseEnd(state, { fragmentId: 'f0', leaseId: a!.event.data.leaseId, nodeId, now: T0 + i, reason: 'failed' });
      last = evolveScheduler(state, end, ctx(T0 + i));
    }
    expect(last).toEqual({ exhausted: { jobId: 'job-1', fragmentId: 'f0' } });
  });
});

describe('scheduler replay', () => {
  it('evolving the recorded events gives the same state as live decide → evolve', () => {
    const live = given([]);
    const log: SchedulerEvent[] = [];
    const record = (events: SchedulerEvent[], now: number) => {
      for (const e of events) {
        log.push(e);
        evolveScheduler(live, e, ctx(now));
      }
    };
    record(work(live, 'a', T0, 2), T0);
    record(work(live, 'b', T0 + 1, 1), T0 + 1);
    const [l1, l2] = live.leasesOf('a');
    record([decideCompletion(live, { fragmentId: l1!.fragmentId, leaseId: l1!.leaseId, nodeId: 'a', now: T0 + 2, resultHash: 'h', durationMs: 1, rowsProcessed: 64, metrics: {}, signature: 's' })], T0 + 2);
    record([decideLeaseEnd(live, { fragmentId: l2!.fragmentId, leaseId: l2!.leaseId, nodeId: 'a', now: T0 + 3, reason: 'failed' })], T0 + 3);
    record(decideSweep(live, T0 + 3 * TTL).events, T0 + 3 * TTL);
    record(work(live, 'b', T0 + 3 * TTL, 4), T0 + 3 * TTL);

    const rebuilt = given(log, T0 + 3 * TTL);
    expect(rebuilt.stats()).toEqual(live.stats());
    for (const { fragmentId } of plans) expect(rebuilt.fragment(fragmentId)).toEqual(live.fragment(fragmentId));
    expect(work(rebuilt, 'a', T0 + 3 * TTL, 4)).toEqual(work(live, 'a', T0 + 3 * TTL, 4));
  });
});
