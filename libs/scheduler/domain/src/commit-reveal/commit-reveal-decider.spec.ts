import { createHash } from 'node:crypto';
import { FragmentAssigned, FragmentCompleted, FragmentLeaseEnded, ReplicaPlanned, ResultCommitted, type FragmentTask } from '@corex/events';
import { givenScheduler, node, plan, T0 } from '../testing/scheduler-fixtures';
import { decideCompletion, decideWork, evolveScheduler, type SchedulerEvent } from '../scheduler/scheduler-decider';
import type { SchedulerState } from '../scheduler/scheduler-state';
import { decideCommit, decideReplica, decideReveal } from './commit-reveal-decider';

const TTL = 10_000;
const HASH = 'a'.repeat(64);
const SALT = 'b'.repeat(64);
const task: FragmentTask = { kind: 'inference', graphHash: HASH, weightsHash: null, inputHash: HASH, inputRows: [0, 64], auxHash: null, outputs: ['y'], rows: 64 };
/** Stands for resultCommitment: any function of hash, node, lease and salt will do here. */
const commitmentOf = (resultHash: string, nodeId: string, leaseId: string, salt: string) =>
  createHash('sha256').update(`${resultHash}\n${nodeId}\n${leaseId}\n${salt}`).digest('hex');

function given(history: SchedulerEvent[], now = T0): SchedulerState {
  const state = givenScheduler({ nodes: [node('a'), node('b'), node('c')], fragments: [plan('f0')] });
  for (const event of history) evolveScheduler(state, event, { now, leaseTtlMs: TTL });
  return state;
}

function assigned(nodeId: string, fragmentId = 'f0', attempt = 1): SchedulerEvent {
  const leaseId = `${fragmentId}-a${attempt}`;
  const data = { fragmentId, jobId: 'job-1', nodeId, leaseId, attempt, score: {}, assignedAt: new Date(T0).toISOString(), leaseExpiresAt: new Date(T0 + TTL).toISOString() };
  return { type: FragmentAssigned.type, id: `assigned-${leaseId}`, data };
}

function committed(nodeId: string, leaseId = 'f0-a1', fragmentId = 'f0', resultHash = HASH): SchedulerEvent {
  const data = { fragmentId, jobId: 'job-1', nodeId, leaseId, commitment: commitmentOf(resultHash, nodeId, leaseId, SALT), committedAt: new Date(T0).toISOString() };
  return { type: ResultCommitted.type, id: `committed-${leaseId}`, data };
}

function reveal(nodeId: string, overrides: Partial<{ leaseId: string; fragmentId: string; resultHash: string; salt: string; signature: string; now: number }> = {}) {
  const c = { fragmentId: 'f0', leaseId: 'f0-a1', resultHash: HASH, salt: SALT, signature: 'sig-1', now: T0 + 1, ...overrides };
  return { ...c, nodeId, messageHash: 'c'.repeat(64), opens: (commitment: string) => commitmentOf(c.resultHash, nodeId, c.leaseId, c.salt) === commitment };
}

function completedBy(state: SchedulerState, nodeId: string, signature = 'sig-1'): SchedulerEvent {
  return decideCompletion(state, { fragmentId: 'f0', leaseId: 'f0-a1', nodeId, now: T0 + 1, resultHash: HASH, durationMs: 1, rowsProcessed: 64, metrics: {}, signature });
}

describe('commit-reveal decider', () => {
  it('given a lease, when its node commits, then ResultCommitted is recorded; the same commitment again records nothing', () => {
    const state = given([assigned('a')]);
    const commitment = commitmentOf(HASH, 'a', 'f0-a1', SALT);
    const first = decideCommit(state, { fragmentId: 'f0', leaseId: 'f0-a1', nodeId: 'a', commitment, now: T0 });
    expect(first).toMatchObject({ ok: true, event: { type: ResultCommitted.type, id: 'committed-f0-a1', data: { nodeId: 'a', commitment } } });
    evolveScheduler(state, (first as { event: SchedulerEvent }).event, { now: T0, leaseTtlMs: TTL });
    expect(decideCommit(state, { fragmentId: 'f0', leaseId: 'f0-a1', nodeId: 'a', commitment, now: T0 })).toEqual({ ok: true });
  });

  it('given a commitment, when the node commits to something else under that lease, then it is refused', () => {
    const state = given([assigned('a'), committed('a')]);
    expect(decideCommit(state, { fragmentId: 'f0', leaseId: 'f0-a1', nodeId: 'a', commitment: 'd'.repeat(64), now: T0 })).toEqual({ ok: false, code: 'COMMIT.ALREADY_COMMITTED' });
  });

  it('given a lease of another node, when a node commits under it, then it is refused as a lease refusal', () => {
    const state = given([assigned('a')]);
    expect(decideCommit(state, { fragmentId: 'f0', leaseId: 'f0-a1', nodeId: 'b', commitment: HASH, now: T0 })).toEqual({ ok: false, code: 'LEASE.NOT_LEASED_TO_NODE' });
  });

  it('given no commitment, when the node reveals, then it is refused NOT_COMMITTED (no violation)', () => {
    expect(decideReveal(given([assigned('a')]), reveal('a'))).toEqual({ outcome: 'refused', code: 'REVEAL.NOT_COMMITTED' });
  });

  it('given a commitment, when the reveal opens it, then it is open with that commitment', () => {
    expect(decideReveal(given([assigned('a'), committed('a')]), reveal('a'))).toEqual({ outcome: 'open', commitment: commitmentOf(HASH, 'a', 'f0-a1', SALT) });
  });

  it('given a commitment, when the reveal names another hash, then a reveal-mismatch violation carries the signature', () => {
    const decision = decideReveal(given([assigned('a'), committed('a')]), reveal('a', { resultHash: 'e'.repeat(64) }));
    expect(decision).toMatchObject({ outcome: 'violation', event: { data: { kind: 'reveal-mismatch', nodeId: 'a', leaseId: 'f0-a1', signature: 'sig-1', messageHash: 'c'.repeat(64) } } });
  });

  it('given a completed lease, when the identical result comes again, then it is a re-delivery; a different one is a duplicate-result', () => {
    const state = given([assigned('a'), committed('a')]);
    evolveScheduler(state, completedBy(state, 'a'), { now: T0, leaseTtlMs: TTL });
    expect(decideReveal(state, reveal('a'))).toEqual({ outcome: 'redelivered' });
    expect(decideReveal(state, reveal('a', { signature: 'sig-2' }))).toMatchObject({ outcome: 'violation', event: { data: { kind: 'duplicate-result' } } });
  });

  it('given a fragment leased to a, when b names a lease it never held, then it is an unleased-result violation', () => {
    const state = given([assigned('a')]);
    expect(decideReveal(state, reveal('b'))).toMatchObject({ outcome: 'violation', event: { data: { kind: 'unleased-result', nodeId: 'b' } } });
    expect(decideReveal(state, reveal('b', { leaseId: 'f0-a7' }))).toMatchObject({ outcome: 'violation', event: { data: { kind: 'unleased-result' } } });
  });

  it("given the node's own lease ended, when it reveals under it, then it is a plain lease refusal", () => {
    const ended = { type: FragmentLeaseEnded.type, id: 'ended-f0-a1', data: { fragmentId: 'f0', jobId: 'job-1', nodeId: 'a', leaseId: 'f0-a1', reason: 'expired', endedAt: new Date(T0).toISOString() } };
    expect(decideReveal(given([assigned('a'), committed('a'), ended]), reveal('a'))).toEqual({ outcome: 'refused', code: 'LEASE.UNKNOWN_FRAGMENT' });
  });
});

describe('replicas and the replica gate', () => {
  function withReplica(): SchedulerState {
    const state = given([assigned('a')]);
    const replica = decideReplica(state, { fragmentId: 'f0', task, reason: 'policy', excludeNodes: ['a'], now: T0 })!;
    expect(replica).toMatchObject({ type: ReplicaPlanned.type, data: { fragmentId: 'f0-r1', replicaOf: 'f0', excludeNodes: ['a'], reason: 'policy' } });
    evolveScheduler(state, replica, { now: T0, leaseTtlMs: TTL });
    return state;
  }

  it('given a replica planned, then it is queued at high priority and never offered to the original node', () => {
    const state = withReplica();
    expect(state.fragment('f0-r1')).toMatchObject({ status: 'queued', plan: { priority: 'high', replicaOf: 'f0' } });
    expect(decideWork(state, { nodeId: 'a', freeMemoryBytes: 1e12, slots: 1, now: T0, epoch: 0 })).toEqual([]);
    expect(decideWork(state, { nodeId: 'b', freeMemoryBytes: 1e12, slots: 1, now: T0, epoch: 0 })[0]!.event.data).toMatchObject({ fragmentId: 'f0-r1' });
  });

  it('given a policy replica already, when asked for another policy replica, then none is planned', () => {
    expect(decideReplica(withReplica(), { fragmentId: 'f0', task, reason: 'policy', excludeNodes: ['a'], now: T0 })).toBeUndefined();
  });

  it('given an escalation, then the next replica is -r2', () => {
    expect(decideReplica(withReplica(), { fragmentId: 'f0', task, reason: 'escalated', excludeNodes: ['a'], now: T0 })?.data.fragmentId).toBe('f0-r2');
  });

  it('given the replica not yet leased, when the original reveals within the wait, then it is too early; after the wait it opens', () => {
    const state = withReplica();
    evolveScheduler(state, committed('a'), { now: T0, leaseTtlMs: TTL });
    expect(decideReveal(state, reveal('a', { now: T0 + 1_000 }))).toMatchObject({ outcome: 'refused', code: 'REVEAL.TOO_EARLY' });
    expect(decideReveal(state, { ...reveal('a', { now: T0 + 5_000 }), replicaWaitMs: 4_000 })).toMatchObject({ outcome: 'open' });
  });

  it('given no other live node could take the replica, when the original reveals, then it is not held', () => {
    const state = withReplica();
    evolveScheduler(state, committed('a'), { now: T0, leaseTtlMs: TTL });
    for (const other of ['b', 'c']) state.excludeNode('f0-r1', other);
    expect(decideReveal(state, reveal('a', { now: T0 + 1_000 }))).toMatchObject({ outcome: 'open' });
  });

  it('given only the revealing node could take the unleased original, when its replica reveals, then it is not held, and the node may take the original next', () => {
    const state = withReplica();
    const ended = { type: FragmentLeaseEnded.type, id: 'ended-f0-a1', data: { fragmentId: 'f0', jobId: 'job-1', nodeId: 'a', leaseId: 'f0-a1', reason: 'node-lost', endedAt: new Date(T0).toISOString() } };
    for (const event of [ended, assigned('b', 'f0-r1'), committed('b', 'f0-r1-a1', 'f0-r1')]) evolveScheduler(state, event, { now: T0, leaseTtlMs: TTL });
    state.markLost(['a', 'c']);
    expect(decideReveal(state, reveal('b', { fragmentId: 'f0-r1', leaseId: 'f0-r1-a1', now: T0 + 1_000 }))).toMatchObject({ outcome: 'open' });
    expect(decideWork(state, { nodeId: 'b', freeMemoryBytes: 1e12, slots: 1, now: T0 + 1_000, epoch: 0 })[0]?.event.data).toMatchObject({ fragmentId: 'f0' });
  });

  it('given the replica leased, the original reveal waits until the replica committed', () => {
    const state = withReplica();
    for (const event of [committed('a'), assigned('b', 'f0-r1')]) evolveScheduler(state, event, { now: T0, leaseTtlMs: TTL });
    expect(decideReveal(state, { ...reveal('a', { now: T0 + 5_000 }), replicaWaitMs: 1_000 })).toMatchObject({ outcome: 'refused', code: 'REVEAL.TOO_EARLY' });
    evolveScheduler(state, committed('b', 'f0-r1-a1', 'f0-r1'), { now: T0, leaseTtlMs: TTL });
    expect(decideReveal(state, reveal('a', { now: T0 + 2_000 }))).toMatchObject({ outcome: 'open' });
  });

  it("given a replica, when it completes, then the original's job does not count it", () => {
    const state = withReplica();
    for (const event of [assigned('b', 'f0-r1'), committed('b', 'f0-r1-a1', 'f0-r1')]) evolveScheduler(state, event, { now: T0, leaseTtlMs: TTL });
    const done = decideCompletion(state, { fragmentId: 'f0-r1', leaseId: 'f0-r1-a1', nodeId: 'b', now: T0 + 1, resultHash: HASH, durationMs: 1, rowsProcessed: 64, metrics: {}, signature: 's' });
    evolveScheduler(state, done, { now: T0, leaseTtlMs: TTL });
    expect(state.fragment('f0-r1')?.status).toBe('completed');
    expect(state.fragment('f0')?.status).toBe('leased');
    expect(done).toMatchObject({ type: FragmentCompleted.type, data: { fragmentId: 'f0-r1', jobId: 'job-1' } });
  });
});
