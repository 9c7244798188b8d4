import {
  ChallengeIssued,
  ChallengeJudged,
  FragmentRejected,
  FragmentVerified,
  FraudDetected,
  NodeEvicted,
  NodeSuspended,
  ReputationChanged,
  TierChanged,
} from '@corex/events';
import { givenScheduler, node, plan, T0 } from '../testing/scheduler-fixtures';
import { decideCompletion, decideEviction, decideWork, evolveScheduler, type Evolved, type SchedulerEvent } from './scheduler-decider';
import type { SchedulerState } from './scheduler-state';
import type { SchedulerOptions } from './scheduler-types';

const TTL = 10_000;
const iso = (ms: number) => new Date(ms).toISOString();
const HASH = 'c'.repeat(64);
const judged = (fragmentId: string, leaseId: string, nodeId: string) => ({ fragmentId, jobId: 'job-1', nodeId, leaseId, resultHash: HASH });
const cost = { flops: 0, ms: 0 };
const evidence = { check: 'recompute', expected: 'a', got: 'b', hashes: {}, detail: '' };

const ev = {
  verified: (f: string, l: string, n: string): SchedulerEvent => ({ type: FragmentVerified.type, id: `v-${l}`, data: { ...judged(f, l, n), method: 'recompute', sampled: true, checks: [], cost, verifiedAt: iso(T0) } }),
  rejected: (f: string, l: string, n: string): SchedulerEvent => ({ type: FragmentRejected.type, id: `r-${l}`, data: { ...judged(f, l, n), reason: 'inconclusive twice', checks: [], cost, rejectedAt: iso(T0) } }),
  fraud: (f: string, l: string, n: string): SchedulerEvent => ({
    type: FraudDetected.type,
    id: `fraud-wrong-output-${l}`,
    data: { fraudId: `fraud-wrong-output-${l}`, nodeId: n, kind: 'wrong-output', jobId: 'job-1', fragmentId: f, leaseId: l, evidence, evidenceHash: '0x' + 'e'.repeat(64), detectedAt: iso(T0) },
  }),
  reputation: (n: string, score: number, verified: number): SchedulerEvent => ({
    type: ReputationChanged.type,
    id: `rep-${n}-${score}`,
    data: { nodeId: n, score, previous: null, components: {}, indicators: { verified }, reason: 'test', changedAt: iso(T0) },
  }),
  tier: (n: string, to: string): SchedulerEvent => ({ type: TierChanged.type, id: `tier-${n}-${to}`, data: { nodeId: n, from: null, to, reason: 'test', changedAt: iso(T0) } }),
  suspended: (n: string, until: number): SchedulerEvent => ({ type: NodeSuspended.type, id: `susp-${n}`, data: { nodeId: n, until: iso(until), reason: 'fraud', fraudIds: [], suspendedAt: iso(T0) } }),
  evicted: (n: string): SchedulerEvent => ({ type: NodeEvicted.type, id: `evict-${n}`, data: { nodeId: n, reason: 'fraud', fraudIds: [], evictedAt: iso(T0) } }),
  challenge: (n: string, id: string, issuedAt = T0): SchedulerEvent => ({
    type: ChallengeIssued.type,
    id: `ch-${id}`,
    data: { challengeId: id, nodeId: n, reason: 'join', size: 64, seed: 'a'.repeat(64), claimedGflops: 10, deadlineMs: 10_000, issuedAt: iso(issuedAt) },
  }),
  judged: (n: string, id: string): SchedulerEvent => ({
    type: ChallengeJudged.type,
    id: `cj-${id}`,
    data: { challengeId: id, nodeId: n, outcome: 'confirmed', claimedGflops: 10, measuredGflops: 10, elapsedMs: 1, checkedColumns: 8, maxRelativeError: 0, judgedAt: iso(T0) },
  }),
};

function given(history: SchedulerEvent[], options: SchedulerOptions = {}): SchedulerState {
  const state = givenScheduler({ nodes: [node('a'), node('b'), node('big', { gflops: 900, gpus: 1 })], fragments: [plan('f0')], options: { maxFailedAttempts: 4, ...options } });
  for (const event of history) apply(state, event);
  return state;
}

const apply = (state: SchedulerState, event: SchedulerEvent, now = T0): Evolved => evolveScheduler(state, event, { now, leaseTtlMs: TTL });
const work = (state: SchedulerState, nodeId: string, now = T0) => decideWork(state, { nodeId, freeMemoryBytes: 1e12, slots: 1, now, epoch: 1 }).map((d) => d.event);

/** f0 leased to `nodeId` and completed by it: the completion's lease id. */
function completedBy(state: SchedulerState, nodeId: string): string {
  const [assigned] = work(state, nodeId);
  apply(state, assigned!);
  const leaseId = assigned!.data.leaseId as string;
  apply(state, decideCompletion(state, { fragmentId: 'f0', leaseId, nodeId, now: T0, resultHash: HASH, durationMs: 1, rowsProcessed: 64, metrics: {}, signature: 's' }));
  return leaseId;
}

describe('scheduler state: verdicts', () => {
  it('given a completed fragment, when FragmentVerified names its lease, then it counts; a verdict naming another lease does not', () => {
    const state = given([]);
    const leaseId = completedBy(state, 'a');
    expect(apply(state, ev.verified('f0', 'f0-e1-a9', 'a')).verified).toBeUndefined();
    expect(apply(state, ev.verified('f0', leaseId, 'a')).verified).toEqual({ jobId: 'job-1', fragmentId: 'f0', leaseId });
    expect(state.trustOf('a')).toEqual({ reputation: null, verifiedFragments: 2 });
  });

  it('given fraud on a completed fragment, then it is queued again for another node, never for the cheater, and counts as a failed attempt', () => {
    const state = given([]);
    const leaseId = completedBy(state, 'a');
    expect(apply(state, ev.fraud('f0', leaseId, 'a'))).toMatchObject({ requeued: true, reopened: { fragmentId: 'f0', nodeId: 'a', fragmentExhausted: false } });
    expect(work(state, 'a')).toEqual([]);
    expect(work(state, 'b')[0]!.data).toMatchObject({ fragmentId: 'f0', attempt: 2 });
    expect(state.fragment('f0')).toMatchObject({ status: 'queued' });
  });

  it('given fraud on the last attempt allowed, then the fragment is exhausted; a rejection never exhausts it', () => {
    const fraudState = given([], { maxFailedAttempts: 1 });
    expect(apply(fraudState, ev.fraud('f0', completedBy(fraudState, 'a'), 'a'))).toMatchObject({ exhausted: { jobId: 'job-1', fragmentId: 'f0' } });
    const rejectState = given([], { maxFailedAttempts: 1 });
    expect(apply(rejectState, ev.rejected('f0', completedBy(rejectState, 'a'), 'a'))).toMatchObject({ requeued: true });
    expect(work(rejectState, 'a')).toEqual([]);
    expect(work(rejectState, 'b')).toHaveLength(1);
  });

  /** f0 leased to `nodeId`; its completion decided but not applied yet (the scheduler's own append not acknowledged). */
  function completingBy(state: SchedulerState, nodeId: string) {
    const [assigned] = work(state, nodeId);
    apply(state, assigned!);
    const leaseId = assigned!.data.leaseId as string;
    const completion = decideCompletion(state, { fragmentId: 'f0', leaseId, nodeId, now: T0, resultHash: HASH, durationMs: 1, rowsProcessed: 64, metrics: {}, signature: 's' });
    return { leaseId, completion };
  }

  it('given a verdict delivered before the result it judges is applied, when the result is applied, then the verdict takes effect then, once', () => {
    const state = given([]);
    const { leaseId, completion } = completingBy(state, 'a');
    expect(apply(state, ev.verified('f0', leaseId, 'a')).verified).toBeUndefined();
    expect(apply(state, completion).verified).toEqual({ jobId: 'job-1', fragmentId: 'f0', leaseId });
    expect(apply(state, completion).verified).toBeUndefined();

    const cheated = given([]);
    const early = completingBy(cheated, 'a');
    expect(apply(cheated, ev.fraud('f0', early.leaseId, 'a')).reopened).toBeUndefined();
    expect(apply(cheated, early.completion)).toMatchObject({ requeued: true, reopened: { fragmentId: 'f0', nodeId: 'a' } });
    expect(work(cheated, 'b')[0]!.data).toMatchObject({ fragmentId: 'f0', attempt: 2 });
  });

  it('keeps no verdict for a lease that is not open here (an old attempt, an unknown fragment)', () => {
    const state = given([]);
    const leaseId = completedBy(state, 'a');
    apply(state, ev.verified('f0', 'f0-e1-a9', 'a'));
    apply(state, ev.fraud('f9', 'f9-e1-a1', 'a'));
    expect(state.takeEarlyVerdict('f0-e1-a9')).toBeUndefined();
    expect(state.takeEarlyVerdict('f9-e1-a1')).toBeUndefined();
    expect(state.completedUnder('f0', leaseId)).toBe(true);
  });

  it('ignores verdicts when verification is off, for replicas, and once a later step of the job is planned', () => {
    const off = given([], { verification: 'off' });
    expect(apply(off, ev.fraud('f0', completedBy(off, 'a'), 'a')).reopened).toBeUndefined();
    const state = given([]);
    const leaseId = completedBy(state, 'a');
    expect(apply(state, ev.fraud('f0-r1', leaseId, 'a')).reopened).toBeUndefined();
    state.addFragments([{ ...plan('f0-next'), step: 1 }]);
    expect(apply(state, ev.fraud('f0', leaseId, 'a')).reopened).toBeUndefined();
  });
});

describe('scheduler state: node trust', () => {
  it('given no TierChanged, then a fast node works at most at standard; given one, then at its tier', () => {
    const pro = plan('pro', { requirements: { minTier: 'pro' } });
    const state = given([]);
    state.addFragments([pro]);
    expect(work(state, 'big').map((e) => e.data.fragmentId)).toEqual(['f0']);
    expect(state.node('big')?.tier).toBe('standard');
    apply(state, ev.tier('big', 'elite'));
    apply(state, ev.tier('a', 'edge'));
    expect(state.node('big')?.tier).toBe('elite');
    expect(state.node('a')?.tier).toBe('edge');
    // A new report (re-registration) keeps the reputation service's tier.
    state.upsertNode(node('big', { gflops: 900, gpus: 1 }), T0);
    expect(state.node('big')?.tier).toBe('elite');
    expect(given([], { verification: 'off' }).node('big')?.tier).toBe('elite');
  });

  it('takes score and verified count from ReputationChanged, and counts FragmentVerified in between', () => {
    const state = given([ev.reputation('a', 0.8, 7)]);
    expect(state.node('a')?.reputation).toBe(0.8);
    apply(state, ev.verified('x', 'x-a1', 'a'));
    expect(state.trustOf('a')).toEqual({ reputation: 0.8, verifiedFragments: 8 });
    expect(state.trustOf('b')).toEqual({ reputation: null, verifiedFragments: 0 });
  });

  it('given a suspension, then no new work until it ends', () => {
    const state = given([ev.suspended('a', T0 + 60_000)]);
    expect(state.workBlock('a', T0)).toEqual({ reason: 'suspended', until: T0 + 60_000 });
    expect(work(state, 'a', T0 + 59_999)).toEqual([]);
    expect(work(state, 'a', T0 + 60_000)).toHaveLength(1);
  });

  it('given an eviction, then the node is gone, stays gone when it reports again, and its leases end released', () => {
    const state = given([]);
    const [assigned] = work(state, 'a');
    apply(state, assigned!);
    expect(apply(state, ev.evicted('a'))).toMatchObject({ evicted: 'a' });
    expect(state.hasNode('a')).toBe(false);
    state.upsertNode(node('a'), T0);
    expect(state.hasNode('a')).toBe(false);
    const [end] = decideEviction(state, { nodeId: 'a', now: T0 });
    expect(end!.data).toMatchObject({ leaseId: assigned!.data.leaseId, reason: 'released', error: { code: 'NODE.EVICTED' } });
    apply(state, end!);
    expect(state.fragment('f0')).toMatchObject({ status: 'queued' });
  });

  it('given an open challenge, then no new work until it is judged, or for at most two minutes', () => {
    const state = given([ev.challenge('a', 'ch-1')]);
    expect(state.workBlock('a', T0 + 1)).toEqual({ reason: 'challenge', challengeId: 'ch-1', until: T0 + 120_000 });
    expect(work(state, 'a', T0 + 1)).toEqual([]);
    expect(work(state, 'a', T0 + 120_000)).toHaveLength(1);
    const judged = given([ev.challenge('a', 'ch-2'), ev.judged('a', 'ch-2')]);
    expect(work(judged, 'a', T0 + 1)).toHaveLength(1);
  });
});
