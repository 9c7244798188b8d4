import { createHash } from 'node:crypto';
import { encodeTensorMap } from '@corex/compute';
import {
  FragmentAssigned,
  FragmentLeaseEnded,
  JobFailed,
  JobFragmentsPlanned,
  NodeBenchmarked,
  NodeMessageRejected,
  NodeRegistered,
  subjects,
  type FragmentLeaseEndedData,
  type JobFailedData,
  type JobFragmentsPlannedData,
  type NodeMessageRejectedData,
} from '@corex/events';
import { openEventLog, uploadSubjects, type EventLog } from '@corex/eventstore';
import { createUser } from '@nats-io/nkeys';
import { signedBytes, type Assignment } from '@corex/node-protocol';
import { disposeTestLog, NATS_URL, uniqueNames } from '../../../../test/support/infra';
import { submitPenguinsJob } from '../../../../test/support/job-submitted';
import { ProtocolNode } from '../../../../test/support/protocol-node';
import { startTestScheduler } from '../../../../test/support/scheduler';
import { eventsOfType, waitForEvent } from '../../../../test/support/wait-for-event';
import type { RunningScheduler } from '../start-scheduler';

const GiB = 2 ** 30;

describe('scheduler work protocol over NATS', () => {
  const names = uniqueNames('work');
  let log: EventLog;
  let scheduler: RunningScheduler;

  beforeAll(async () => {
    log = await openEventLog({ url: NATS_URL, service: 'test', ...names });
    scheduler = await startTestScheduler(names, {
      COREX_LEASE_TTL_MS: '1500',
      COREX_HEARTBEAT_TIMEOUT_MS: '60000',
      COREX_SWEEP_INTERVAL_MS: '100',
    });
  });
  afterAll(async () => {
    await scheduler?.close();
    await disposeTestLog(log);
  });

  /** Submits a job as the marketplace would and waits until the scheduler planned it. */
  async function submit(overrides: Record<string, unknown> = {}): Promise<JobFragmentsPlannedData> {
    const jobId = await submitPenguinsJob(log, { params: { batchRows: 200 }, ...overrides });
    const planned = await waitForEvent<JobFragmentsPlannedData>(log, JobFragmentsPlanned.type, (d) => d.jobId === jobId);
    return planned.data;
  }

  async function node(memoryBytes = 8 * GiB, gflops = 10): Promise<ProtocolNode> {
    const n = new ProtocolNode(log, ProtocolNode.hardware(memoryBytes), gflops);
    await n.register();
    return n;
  }

  /** A result blob with the task's outputs, uploaded by node `by` under its true hash. */
  async function storeResult(a: Assignment, by: ProtocolNode): Promise<string> {
    const tensors = Object.fromEntries(a.task.outputs.map((name) => [name, { data: new Float32Array(a.task.rows * 3), dims: [a.task.rows, 3] }]));
    return (await log.uploads()).put(by.nodeId, encodeTensorMap(tensors));
  }

  async function drain(n: ProtocolNode): Promise<void> {
    for (let a = await n.requestWork(4); a.length; a = await n.requestWork(4)) {
      await Promise.all(a.map(async (x) => n.submit(x, await storeResult(x, n))));
    }
  }

  it('leases planned fragments to a registered node and records each assignment with its score', async () => {
    const planned = await submit();
    const n = await node();
    const [assignment] = await n.requestWork(1);
    expect(planned.fragments.map((f) => f.fragmentId)).toContain(assignment!.fragmentId);
    expect(assignment!.task.graphHash).toMatch(/^[0-9a-f]{64}$/);
    const assigned = await waitForEvent<{ leaseId: string; score: Record<string, number> }>(log, FragmentAssigned.type, (d) => d.leaseId === assignment!.leaseId);
    expect(assigned.data.score.total).toBeGreaterThan(0);
    expect(await n.submit(assignment!, await storeResult(assignment!, n))).toEqual({ ok: true });
    await drain(n);
  });

  it('serves a node at once whose registration another scheduler recorded (schedulers share register requests)', async () => {
    const planned = await submit();
    const n = new ProtocolNode(log, ProtocolNode.hardware(8 * GiB));
    const { hardware } = n;
    const benchmark = { kind: 'matmul-f32' as const, size: 256, iterations: 10, durationMs: 100, gflops: 10, executionProvider: 'cpu' };
    const now = new Date().toISOString();
    // As the standby would record it: straight into the log, never through this scheduler's memory.
    await log.store.append(subjects.node(n.nodeId), [
      { type: NodeRegistered.type, data: { nodeId: n.nodeId, name: 'registered-elsewhere', hardware, runnerVersion: 'test', registeredAt: now } },
      { type: NodeBenchmarked.type, data: { nodeId: n.nodeId, benchmark, hardware, reportHash: 'c'.repeat(64), signature: 'sig', benchmarkedAt: now } },
    ], 0);
    const [assignment] = await n.requestWork(1);
    expect(planned.fragments.map((f) => f.fragmentId)).toContain(assignment!.fragmentId);
    expect(await n.submit(assignment!, await storeResult(assignment!, n))).toEqual({ ok: true });
    await drain(n);
  });

  it('refuses a result with a forged signature and records the refusal', async () => {
    await submit();
    const n = await node();
    const [a] = await n.requestWork(1);
    const genuine = n.signed('result', { fragmentId: a!.fragmentId, leaseId: a!.leaseId, resultHash: await storeResult(a!, n), durationMs: 5, rowsProcessed: a!.task.rows, metrics: {} });
    const forger = createUser();
    const forged = { ...genuine, signature: Buffer.from(forger.sign(signedBytes('result', genuine.body))).toString('base64url') };
    expect(await n.request('result', forged)).toMatchObject({ ok: false, code: 'NODE.SIGNATURE_INVALID' });
    await waitForEvent<NodeMessageRejectedData>(log, NodeMessageRejected.type, (d) => d.messageKind === 'result' && d.code === 'NODE.SIGNATURE_INVALID');
    expect(await n.submit(a!, await storeResult(a!, n))).toEqual({ ok: true });
    await drain(n);
  });

  it('refuses a result for a fragment leased to another node', async () => {
    await submit();
    const holder = await node();
    const thief = await node();
    const [a] = await holder.requestWork(1);
    expect(await thief.submit(a!, await storeResult(a!, thief))).toMatchObject({ ok: false, code: 'NODE.NOT_LEASED' });
    await waitForEvent<NodeMessageRejectedData>(log, NodeMessageRejected.type, (d) => d.claimedNodeId === thief.nodeId && d.code === 'NODE.NOT_LEASED');
    expect(await holder.submit(a!, await storeResult(a!, holder))).toEqual({ ok: true });
    await drain(holder);
  });

  it('refuses a result whose blob is missing or does not hash to the claimed hash, and reassigns the fragment', async () => {
    await submit();
    const n = await node();
    const [a] = await n.requestWork(1);
    const missing = createHash('sha256').update('never stored').digest('hex');
    expect(await n.submit(a!, missing)).toMatchObject({ ok: false, code: 'NODE.RESULT_BLOB_INVALID' });
    const [again] = await n.requestWork(1);
    expect(again!.fragmentId).toBe(a!.fragmentId);
    const forgedName = createHash('sha256').update('what the node claims').digest('hex');
    // Uploaded under the claimed name with other bytes (a node may write its own upload subjects).
    await log.nc.request(uploadSubjects(names.prefix).part(n.nodeId, forgedName, 0), 'something else entirely');
    expect(await n.submit(again!, forgedName)).toMatchObject({ ok: false, code: 'NODE.RESULT_BLOB_INVALID' });
    const ended = await eventsOfType<FragmentLeaseEndedData>(log, FragmentLeaseEnded.type);
    const failed = ended.filter((e) => e.data.fragmentId === a!.fragmentId && e.data.reason === 'failed');
    expect(failed.map((e) => e.data.error)).toEqual([
      { code: 'NODE.RESULT_BLOB_INVALID', message: expect.stringContaining('no result blob') },
      { code: 'NODE.RESULT_BLOB_INVALID', message: expect.stringContaining('does not hash to') },
    ]);
    await drain(await node());
  });

  it('reassigns a fragment whose lease expired and refuses the late result', async () => {
    await submit();
    const slow = await node();
    const [a] = await slow.requestWork(1);
    await waitForEvent<FragmentLeaseEndedData>(log, FragmentLeaseEnded.type, (d) => d.leaseId === a!.leaseId && d.reason === 'expired');
    const fast = await node();
    const [b] = await fast.requestWork(1);
    expect(b!.fragmentId).toBe(a!.fragmentId);
    expect(b!.leaseId).not.toBe(a!.leaseId);
    expect(await slow.submit(a!, await storeResult(a!, slow))).toMatchObject({ ok: false, code: 'NODE.LEASE_STALE' });
    expect(await fast.submit(b!, await storeResult(b!, fast))).toEqual({ ok: true });
    await drain(fast);
  });

  it('gives up a job whose fragment failed on four nodes, without counting a release at shutdown, naming each node and its error', async () => {
    const planned = await submit({ priority: 'high', params: { batchRows: 400 } });
    const [fragment] = planned.fragments;
    const releases: Array<['shutdown' | 'error', string | undefined]> = [
      ['shutdown', undefined],
      ['error', 'RUNNER.EXECUTION_FAILED: Non-zero status code returned while running Relu node'],
      ['error', 'out of memory\u0000 in a node that sends no code'],
      ['error', undefined],
      ['error', 'RUNNER.BLOB_MISSING: input blob cccc is not in the blob store'],
    ];
    const nodeIds: string[] = [];
    for (const [i, [reason, error]] of releases.entries()) {
      const n = await node();
      nodeIds.push(n.nodeId);
      const [a] = await n.requestWork(1);
      expect(a).toMatchObject({ fragmentId: fragment!.fragmentId, leaseId: `${fragment!.fragmentId}-e1-a${i + 1}` });
      expect(await n.release(a!, reason, error)).toEqual({ ok: true });
    }
    const failed = await waitForEvent<JobFailedData>(log, JobFailed.type, (d) => d.jobId === planned.jobId);
    expect(failed.data).toMatchObject({ code: 'JOB.FRAGMENT_EXHAUSTED' });
    expect(failed.data.reason).toContain(fragment!.fragmentId);
    expect(failed.data.reason).toContain('failed 4 times on 4 nodes');
    expect(failed.data.fragment).toEqual({
      fragmentId: fragment!.fragmentId,
      index: 0,
      step: 0,
      attempts: [
        expect.objectContaining({ nodeId: nodeIds[0], reason: 'released' }),
        expect.objectContaining({ nodeId: nodeIds[1], reason: 'failed', error: { code: 'RUNNER.EXECUTION_FAILED', message: 'Non-zero status code returned while running Relu node' } }),
        expect.objectContaining({ nodeId: nodeIds[2], reason: 'failed', error: { code: 'NODE.TASK_FAILED', message: 'out of memory in a node that sends no code' } }),
        expect.objectContaining({ nodeId: nodeIds[3], reason: 'failed' }),
        expect.objectContaining({ nodeId: nodeIds[4], reason: 'failed', error: { code: 'RUNNER.BLOB_MISSING', message: 'input blob cccc is not in the blob store' } }),
      ],
    });
    expect(failed.data.fragment!.attempts[0]).not.toHaveProperty('error');
    expect(failed.data.fragment!.attempts[3]).not.toHaveProperty('error');
    const late = await node();
    expect((await late.requestWork(4)).map((a) => a.fragmentId)).not.toContain(fragment!.fragmentId);
  });

  it('never gives a node work above its memory or below its tier, and serves high priority before low', async () => {
    const big = await submit({ requirements: { minMemoryBytes: 32 * GiB }, params: { batchRows: 400 } });
    const pro = await submit({ requirements: { minTier: 'pro' }, params: { batchRows: 400 } });
    const low = await submit({ priority: 'low', params: { batchRows: 400 } });
    const high = await submit({ priority: 'high', params: { batchRows: 400 } });
    const small = await node(4 * GiB, 10);
    const first = await small.requestWork(1);
    expect(first.map((x) => x.jobId)).toEqual([high.jobId]);
    const rest = [...first, ...(await small.requestWork(8))];
    const jobs = new Set(rest.map((x) => x.jobId));
    expect(jobs.has(big.jobId)).toBe(false);
    expect(jobs.has(pro.jobId)).toBe(false);
    expect(jobs.has(low.jobId)).toBe(true);
    await Promise.all(rest.map(async (x) => small.submit(x, await storeResult(x, small))));
    const strong = await node(64 * GiB, 100);
    const theirs = await strong.requestWork(8);
    expect(theirs.map((x) => x.jobId)).toEqual(expect.arrayContaining([big.jobId, pro.jobId]));
    await Promise.all(theirs.map(async (x) => strong.submit(x, await storeResult(x, strong))));
  });
});
