import { FragmentLeaseEnded } from '@corex/events';
import { givenScheduler, node, plan, T0 } from '../testing/scheduler-fixtures';
import { decideJobEnd, decideCompletion, decideWork, evolveScheduler, type SchedulerEvent } from './scheduler-decider';
import type { SchedulerState } from './scheduler-state';

const TTL = 10_000;
const ctx = (now: number) => ({ now, leaseTtlMs: TTL });
const cancelledAt = new Date(T0 + 5_000).toISOString();
const cancellation = { jobId: 'job-1', endedAt: cancelledAt };

/** job-1 (f0, f1, f2) and job-2 (g0); a holds f0 and f1, b holds g0. */
function given(history: SchedulerEvent[] = []): SchedulerState {
  const state = givenScheduler({ nodes: [node('a'), node('b')], fragments: [plan('f0'), plan('f1'), plan('f2'), plan('g0', { jobId: 'job-2', priority: 'high' })] });
  for (const event of history) evolveScheduler(state, event, ctx(T0));
  return state;
}

/** The assignments recorded: g0 to b, then f0 and f1 to a. */
function assignments(): SchedulerEvent[] {
  const state = given();
  const toB = decideWork(state, { nodeId: 'b', freeMemoryBytes: 1e12, slots: 1, now: T0, epoch: 1 }).map((d) => d.event);
  for (const e of toB) evolveScheduler(state, e, ctx(T0));
  const toA = decideWork(state, { nodeId: 'a', freeMemoryBytes: 1e12, slots: 2, now: T0, epoch: 1 }).map((d) => d.event);
  return [...toB, ...toA];
}

describe("scheduler decider: a job's end closes its open leases (shown for a cancellation; a completion or failure decides the same)", () => {
  it('given leases open on a cancelled job, when the cancellation is decided, then each ends cancelled at the cancellation time under its one end id', () => {
    const state = given(assignments());
    const ended = decideJobEnd(state, cancellation);
    expect(ended).toEqual([
      { type: FragmentLeaseEnded.type, id: 'ended-f0-e1-a1', data: { fragmentId: 'f0', jobId: 'job-1', nodeId: 'a', leaseId: 'f0-e1-a1', reason: 'cancelled', endedAt: cancelledAt } },
      { type: FragmentLeaseEnded.type, id: 'ended-f1-e1-a1', data: { fragmentId: 'f1', jobId: 'job-1', nodeId: 'a', leaseId: 'f1-e1-a1', reason: 'cancelled', endedAt: cancelledAt } },
    ]);
    // The catalog's schema takes them (node ids there are 56-character keys; the fixtures' are short).
    for (const e of ended) expect(() => FragmentLeaseEnded.schema.parse({ ...e.data, nodeId: 'A'.repeat(56) })).not.toThrow();
  });

  it('given a completed and a queued fragment of the job, when the cancellation is decided, then only the open lease ends', () => {
    const history = assignments();
    const state = given(history);
    const done = decideCompletion(state, { fragmentId: 'f1', leaseId: 'f1-e1-a1', nodeId: 'a', now: T0 + 1, resultHash: 'h', durationMs: 1, rowsProcessed: 64, metrics: {}, signature: 's' });
    const afterResult = given([...history, done]);
    expect(decideJobEnd(afterResult, cancellation).map((e) => e.data.leaseId)).toEqual(['f0-e1-a1']);
  });

  it('given no lease open on the job, when the cancellation is decided, then nothing ends', () => {
    expect(decideJobEnd(given(), cancellation)).toEqual([]);
    expect(decideJobEnd(given(assignments()), { jobId: 'job-unknown', endedAt: cancelledAt })).toEqual([]);
  });

  it('decides without changing the state: deciding again gives the same ends', () => {
    const state = given(assignments());
    const first = decideJobEnd(state, cancellation);
    expect(decideJobEnd(state, cancellation)).toEqual(first);
    expect(state.stats()).toMatchObject({ leased: 3, queued: 1 });
  });

  it('given the cancellation applied, when the recorded ends are evolved, then nothing is requeued and the job is not decided again (exactly once)', () => {
    const state = given(assignments());
    const ended = decideJobEnd(state, cancellation);
    state.cancelJob('job-1');
    for (const e of ended) expect(evolveScheduler(state, e, ctx(T0 + 5_000))).toEqual({});
    expect(state.stats()).toMatchObject({ leased: 1, queued: 0, jobs: 1 });
    expect(decideJobEnd(state, cancellation)).toEqual([]);
  });

  it('given the ends evolved before the job is forgotten, then no fragment is requeued nor charged to its node', () => {
    const state = given(assignments());
    for (const e of decideJobEnd(state, cancellation)) expect(evolveScheduler(state, e, ctx(T0 + 5_000))).toEqual({});
    expect(state.fragment('f0')).toMatchObject({ status: 'leased', attempts: 1 });
    expect(state.stats()).toMatchObject({ queued: 1 });
    // Not charged: node a is still offered the job's queued fragment.
    expect(decideWork(state, { nodeId: 'a', freeMemoryBytes: 1e12, slots: 1, now: T0 + 5_000, epoch: 1 }).map((d) => d.event.data.fragmentId)).toEqual(['f2']);
  });

  it('replays the same: the log with the ends rebuilds the state the live cancellation left', () => {
    const history = assignments();
    const live = given(history);
    const ended = decideJobEnd(live, cancellation);
    live.cancelJob('job-1');
    for (const e of ended) evolveScheduler(live, e, ctx(T0 + 5_000));
    const rebuilt = given(history);
    rebuilt.cancelJob('job-1');
    for (const e of ended) evolveScheduler(rebuilt, e, ctx(T0 + 5_000));
    expect(rebuilt.stats()).toEqual(live.stats());
    expect(rebuilt.fragment('g0')).toEqual(live.fragment('g0'));
  });
});
