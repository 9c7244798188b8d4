import { randomBytes, randomUUID } from 'node:crypto';
import { encodeTensorMap } from '@corex/compute';
import {
  ChallengeIssued,
  ChallengeJudged,
  FragmentLeaseEnded,
  FragmentRejected,
  FragmentVerified,
  FraudDetected,
  JobCompleted,
  JobFragmentsPlanned,
  NodeEvicted,
  NodeSuspended,
  TierChanged,
  subjects,
  type FragmentLeaseEndedData,
  type JobFragmentsPlannedData,
} from '@corex/events';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { workReplySchema, type Assignment, type WorkReply } from '@corex/node-protocol';
import { disposeTestLog, NATS_URL, uniqueNames } from '../../../../test/support/infra';
import { submitPenguinsJob } from '../../../../test/support/job-submitted';
import { ProtocolNode } from '../../../../test/support/protocol-node';
import { startTestScheduler } from '../../../../test/support/scheduler';
import { until } from '../../../../test/support/until';
import { waitForEvent } from '../../../../test/support/wait-for-event';
import type { RunningScheduler } from '../start-scheduler';

const GiB = 2 ** 30;
const iso = (ms = Date.now()) => new Date(ms).toISOString();

/**
 * The scheduler obeys the verifier's and the reputation service's events, whoever appends them:
 * here the test appends them to the log itself, as those services would.
 */
describe('scheduler with COREX_VERIFICATION=required', () => {
  const names = uniqueNames('trust');
  let log: EventLog;
  let scheduler: RunningScheduler;

  beforeAll(async () => {
    log = await openEventLog({ url: NATS_URL, service: 'test', ...names });
    scheduler = await startTestScheduler(names, { COREX_VERIFICATION: 'required', COREX_WORK_LONG_POLL_MS: '0', COREX_HEARTBEAT_TIMEOUT_MS: '60000' });
  });
  afterAll(async () => {
    await scheduler?.close();
    await disposeTestLog(log);
  });

  /** Appends an event at the subject's current version (the test is its only writer); returns the stream sequence. */
  async function record(relative: string, type: string, data: unknown): Promise<number> {
    const { version } = await log.store.read(relative);
    return (await log.store.append(relative, [{ id: randomUUID(), type, data }], version)).version;
  }

  // Spot-checked jobs: no replicas, so a node's own results are all there is to judge.
  async function submit(overrides: Record<string, unknown> = {}): Promise<JobFragmentsPlannedData> {
    const jobId = await submitPenguinsJob(log, { verification: { mode: 'spot-check', rate: 1 }, ...overrides });
    return (await waitForEvent<JobFragmentsPlannedData>(log, JobFragmentsPlanned.type, (d) => d.jobId === jobId)).data;
  }

  async function node(gflops = 10): Promise<ProtocolNode> {
    const n = new ProtocolNode(log, ProtocolNode.hardware(8 * GiB), gflops);
    await n.register();
    return n;
  }

  async function workReply(n: ProtocolNode, slots = 1): Promise<WorkReply> {
    return workReplySchema.parse(await n.request('work', n.signed('work-request', { slots, freeMemoryBytes: n.hardware.memoryBytes })));
  }

  /** Runs the assignment honestly: a result blob with the task's outputs, committed and revealed. */
  async function complete(n: ProtocolNode, a: Assignment): Promise<string> {
    const tensors = Object.fromEntries(a.task.outputs.map((name) => [name, { data: new Float32Array(a.task.rows * 3), dims: [a.task.rows, 3] }]));
    const resultHash = await (await log.uploads()).put(n.nodeId, encodeTensorMap(tensors));
    expect(await n.submit(a, resultHash)).toEqual({ ok: true });
    return resultHash;
  }

  const judged = (a: Assignment, n: ProtocolNode, resultHash: string) => ({ fragmentId: a.fragmentId, jobId: a.jobId, nodeId: n.nodeId, leaseId: a.leaseId, resultHash });
  const cost = { flops: 0, ms: 0 };
  const verify = (a: Assignment, n: ProtocolNode, hash: string) =>
    record(subjects.verification(a.fragmentId), FragmentVerified.type, { ...judged(a, n, hash), method: 'recompute', sampled: true, checks: [], cost, verifiedAt: iso() });

  /** Asks until the node is given a fragment of `jobId`. */
  const workOf = (n: ProtocolNode, jobId: string) =>
    until(async () => (await n.requestWork(1)).find((a) => a.jobId === jobId), `${n.nodeId.slice(0, 6)} to get work of ${jobId}`, 20_000);

  it('counts a fragment for its job only after FragmentVerified; a rejected one is redone', async () => {
    const planned = await submit({ params: { batchRows: 200 } });
    expect(planned.fragments.length).toBe(2);
    const n = await node();
    const first = await workOf(n, planned.jobId);
    const second = await workOf(n, planned.jobId);
    const [h1, h2] = [await complete(n, first), await complete(n, second)];
    await verify(first, n, h1);
    await record(subjects.verification(second.fragmentId), FragmentRejected.type, { ...judged(second, n, h2), reason: 'inconclusive twice', checks: [], cost, rejectedAt: iso() });
    // Rejected, not fraud: the same node may not redo it, another one does.
    const other = await node();
    const redo = await workOf(other, planned.jobId);
    expect(redo).toMatchObject({ fragmentId: second.fragmentId });
    expect(redo.leaseId).not.toBe(second.leaseId);
    const lastVerdict = await verify(redo, other, await complete(other, redo));
    await waitForEvent(log, JobCompleted.type, (d: { jobId: string }) => d.jobId === planned.jobId);
    const { events } = await log.store.read(subjects.job(planned.jobId));
    const completed = events.find((e) => e.event.type === JobCompleted.type)!;
    expect(completed.seq).toBeGreaterThan(lastVerdict);
  });

  it('gives a fragment judged fraud to another node, never back to the node that cheated', async () => {
    const planned = await submit({ params: { batchRows: 400 } });
    const [cheater, honest] = [await node(), await node()];
    const a = await workOf(cheater, planned.jobId);
    await complete(cheater, a);
    const evidence = { check: 'recompute', expected: 'x', got: 'y', hashes: {}, detail: 'test' };
    const fraudId = `fraud-wrong-output-${a.leaseId}`;
    await record(subjects.verification(a.fragmentId), FraudDetected.type, {
      fraudId, nodeId: cheater.nodeId, kind: 'wrong-output', jobId: a.jobId, fragmentId: a.fragmentId, leaseId: a.leaseId, evidence, evidenceHash: '0x' + 'e'.repeat(64), detectedAt: iso(),
    });
    const redo = await workOf(honest, planned.jobId);
    expect(redo.fragmentId).toBe(a.fragmentId);
    // Back in the queue while both ask: only the honest node gets it.
    expect(await honest.release(redo)).toEqual({ ok: true });
    await waitForEvent<FragmentLeaseEndedData>(log, FragmentLeaseEnded.type, (d) => d.leaseId === redo.leaseId);
    expect((await cheater.requestWork(4)).map((x) => x.fragmentId)).not.toContain(a.fragmentId);
    expect((await workOf(honest, planned.jobId)).fragmentId).toBe(a.fragmentId);
  });

  it('gives a suspended node no work until its suspension ends', async () => {
    const planned = await submit({ params: { batchRows: 400 } });
    const n = await node();
    await record(subjects.reputation(n.nodeId), NodeSuspended.type, { nodeId: n.nodeId, until: iso(Date.now() + 10 * 60_000), reason: 'fraud', fraudIds: [], suspendedAt: iso() });
    const reply = await until(async () => {
      const r = await workReply(n);
      return r.ok && r.retryAfterMs > 60_000 ? r : undefined;
    }, 'the suspension to apply');
    expect(reply).toMatchObject({ ok: true, assignments: [] });
    // The work was there: another node gets it.
    await workOf(await node(), planned.jobId);
  });

  it('refuses an evicted node at register and takes its leases back', async () => {
    const planned = await submit({ params: { batchRows: 400 } });
    const n = await node();
    const a = await workOf(n, planned.jobId);
    await record(subjects.reputation(n.nodeId), NodeEvicted.type, { nodeId: n.nodeId, reason: 'third fraud', fraudIds: [], evictedAt: iso() });
    const ended = await waitForEvent<FragmentLeaseEndedData>(log, FragmentLeaseEnded.type, (d) => d.leaseId === a.leaseId);
    expect(ended.data).toMatchObject({ reason: 'released', error: { code: 'NODE.EVICTED' } });
    await expect(n.register()).rejects.toThrow(/NODE\.EVICTED/);
    expect(await workReply(n)).toMatchObject({ ok: false, code: 'NODE.EVICTED' });
    await workOf(await node(), planned.jobId);
  });

  it('caps an untiered node at standard until TierChanged', async () => {
    const planned = await submit({ priority: 'high', requirements: { minTier: 'pro' }, params: { batchRows: 400 } });
    const fast = await node(200);
    expect((await fast.requestWork(4)).map((x) => x.jobId)).not.toContain(planned.jobId);
    await record(subjects.reputation(fast.nodeId), TierChanged.type, { nodeId: fast.nodeId, from: null, to: 'pro', reason: 'confirmed', changedAt: iso() });
    await workOf(fast, planned.jobId);
  });

  it('assigns nothing new while a challenge is open, and work again once it is judged', async () => {
    const planned = await submit({ params: { batchRows: 400 } });
    const n = await node();
    const challengeId = `ch-${randomUUID()}`;
    await record(subjects.challenge(challengeId), ChallengeIssued.type, {
      challengeId, nodeId: n.nodeId, reason: 'join', size: 64, seed: randomBytes(32).toString('hex'), claimedGflops: 10, deadlineMs: 10_000, issuedAt: iso(),
    });
    const reply = await until(async () => {
      const r = await workReply(n, 4);
      return r.ok && r.challenge ? r : undefined;
    }, 'the challenge to hold the node');
    expect(reply).toMatchObject({ ok: true, assignments: [], challenge: { challengeId } });
    await record(subjects.challenge(challengeId), ChallengeJudged.type, {
      challengeId, nodeId: n.nodeId, outcome: 'confirmed', claimedGflops: 10, measuredGflops: 12, elapsedMs: 5, checkedColumns: 8, maxRelativeError: 0, judgedAt: iso(),
    });
    await workOf(n, planned.jobId);
  });
});
