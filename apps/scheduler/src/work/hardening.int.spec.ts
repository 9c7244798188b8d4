import { randomBytes } from 'node:crypto';
import { encodeTensorMap, findModel, type TensorMap } from '@corex/compute';
import {
  FragmentAssigned,
  FragmentLeaseEnded,
  JobCompleted,
  JobFailed,
  JobFragmentsPlanned,
  ModelRegistered,
  NodeLeft,
  NodeMessageRejected,
  subjects,
  type FragmentAssignedData,
  type FragmentLeaseEndedData,
  type JobFailedData,
  type JobFragmentsPlannedData,
} from '@corex/events';
import { Objm } from '@nats-io/obj';
import { blobBucketName, ensureUploadStream, openEventLog, uploadStreamName, type EventLog } from '@corex/eventstore';
import type { Assignment } from '@corex/node-protocol';
import { newId } from '@corex/platform';
import { disposeTestLog, NATS_URL, uniqueNames } from '../../../../test/support/infra';
import { submitPenguinsJob } from '../../../../test/support/job-submitted';
import { ProtocolNode } from '../../../../test/support/protocol-node';
import { startTestScheduler } from '../../../../test/support/scheduler';
import { eventsOfType, waitForEvent } from '../../../../test/support/wait-for-event';
import type { RunningScheduler } from '../start-scheduler';

const GiB = 2 ** 30;
const shape = findModel('penguins-mlp')!.architecture!;

describe('scheduler hardening: append then change state, replay, flooding, result validation, leave', () => {
  const names = uniqueNames('hard');
  let log: EventLog;
  let scheduler: RunningScheduler;

  beforeAll(async () => {
    log = await openEventLog({ url: NATS_URL, service: 'test', ...names });
    scheduler = await startTestScheduler(names, {
      COREX_LEASE_TTL_MS: '30000',
      COREX_HEARTBEAT_TIMEOUT_MS: '60000',
      COREX_SWEEP_INTERVAL_MS: '100',
      COREX_WORK_LONG_POLL_MS: '0',
      COREX_NODE_RATE_PER_S: '1',
      COREX_NODE_RATE_BURST: '20',
      COREX_AUDIT_PER_NODE_BURST: '5',
      COREX_AUDIT_PER_NODE_PER_S: '0.01',
      COREX_MAX_ADVANCE_FAILURES: '2',
    });
  });
  afterAll(async () => {
    await scheduler?.close();
    await disposeTestLog(log);
  });

  const submit = (overrides: Record<string, unknown> = {}) => submitPenguinsJob(log, overrides);

  async function planned(jobId: string): Promise<JobFragmentsPlannedData> {
    return (await waitForEvent<JobFragmentsPlannedData>(log, JobFragmentsPlanned.type, (d) => d.jobId === jobId)).data;
  }

  async function node(): Promise<ProtocolNode> {
    const n = new ProtocolNode(log, ProtocolNode.hardware(8 * GiB), 10);
    await n.register();
    return n;
  }

  /** A result uploaded by node `by` (results are read from the submitting node's own uploads). */
  const store = (by: ProtocolNode, tensors: TensorMap) => log.uploads().then((u) => u.put(by.nodeId, encodeTensorMap(tensors)));
  const probabilities = (rows: number) => ({ probabilities: { data: new Float32Array(rows * shape.classes).fill(1 / 3), dims: [rows, shape.classes] } });

  /** Work for the job's fragments only (other tests' jobs may be queued too). */
  async function workFor(n: ProtocolNode, jobId: string): Promise<Assignment> {
    for (;;) {
      const [a] = await n.requestWork(1);
      if (!a) throw new Error('no work');
      if (a.jobId === jobId) return a;
      await n.submit(a, await store(n, probabilities(a.task.rows)));
    }
  }

  it('never charges a node for an assignment the log could not record: the fragment stays queued under the same attempt', async () => {
    const jobId = await submit({ priority: 'high' });
    const { fragments } = await planned(jobId);
    const n = await node();
    const { stream } = log.store.names;
    const info = await log.jsm.streams.info(stream);
    // The log refuses every new message (an infrastructure failure), four times in a row.
    await log.jsm.streams.update(stream, { ...info.config, max_msgs: info.state.messages, discard: 'new' as never });
    try {
      for (let i = 0; i < 4; i++) {
        const reply = await n.request('work', n.signed('work-request', { slots: 1, freeMemoryBytes: 8 * GiB }));
        expect(reply.assignments ?? []).toEqual([]);
        expect(reply).toMatchObject({ ok: false, code: 'NODE.UNAVAILABLE' });
      }
    } finally {
      await log.jsm.streams.update(stream, { ...info.config, max_msgs: -1 });
    }
    const a = await workFor(n, jobId);
    expect(a.leaseId).toMatch(new RegExp(`^${fragments[0]!.fragmentId}-(e\\d+-)?a1$`));
    expect(await n.submit(a, await store(n, probabilities(a.task.rows)))).toEqual({ ok: true });
    await waitForEvent(log, JobCompleted.type, (d: { jobId: string }) => d.jobId === jobId);
  });

  it('answers NODE.UNAVAILABLE, charging nothing, when the result cannot be read for reasons of the network, not the node', async () => {
    const jobId = await submit({ priority: 'high' });
    await planned(jobId);
    const n = await node();
    const a = await workFor(n, jobId);
    const hash = await store(n, probabilities(a.task.rows));
    // The uploads stream is gone (an outage of the store, not a bad result): the scheduler's read
    // waits out its 10 s timeout, so the node waits longer for the answer.
    n.requestTimeoutMs = 30_000;
    const { salt } = await n.commit(a, hash);
    await log.jsm.streams.delete(uploadStreamName(names.prefix));
    try {
      expect(await n.reveal(a, hash, salt)).toMatchObject({ ok: false, code: 'NODE.UNAVAILABLE' });
    } finally {
      await ensureUploadStream(log.jsm, names.prefix);
    }
    const ended = await eventsOfType<FragmentLeaseEndedData>(log, FragmentLeaseEnded.type);
    expect(ended.filter((e) => e.data.leaseId === a.leaseId)).toEqual([]);
    // The lease still stands: the same result, uploaded again, is accepted (its commitment stands too).
    expect(await n.reveal(a, await store(n, probabilities(a.task.rows)), salt)).toEqual({ ok: true });
    await waitForEvent(log, JobCompleted.type, (d: { jobId: string }) => d.jobId === jobId);
  });

  it('refuses a signed work request replayed byte for byte with NODE.REPLAYED, and gives no second lease', async () => {
    const jobId = await submit({ params: { batchRows: 100 } });
    await planned(jobId);
    const n = await node();
    const message = n.signed('work-request', { slots: 1, freeMemoryBytes: 8 * GiB });
    const first = await n.request('work', message);
    expect(first.assignments).toHaveLength(1);
    expect(await n.request('work', message)).toMatchObject({ ok: false, code: 'NODE.REPLAYED' });
    const assigned = await eventsOfType<FragmentAssignedData>(log, FragmentAssigned.type);
    expect(assigned.filter((e) => e.data.nodeId === n.nodeId)).toHaveLength(1);
    await n.submit(first.assignments[0], await store(n, probabilities(first.assignments[0].task.rows)));
  });

  it('audits refusals of one claimed node at a bounded rate, however much garbage it sends', async () => {
    const claimed = `garbage-${randomBytes(4).toString('hex')}`;
    const garbage = { kind: 'work-request', body: { nodeId: claimed, nonce: 'x' }, signature: 'nope' };
    const sender = new ProtocolNode(log, ProtocolNode.hardware(GiB));
    for (let i = 0; i < 60; i++) expect(await sender.request('work', garbage)).toMatchObject({ ok: false });
    const n = await node();
    await n.request('release', n.signed('release', { fragmentId: 'nothing', leaseId: 'nothing', reason: 'error' })); // a marker after the flood
    await waitForEvent(log, NodeMessageRejected.type, (d: { claimedNodeId: string }) => d.claimedNodeId === n.nodeId);
    const audited = await eventsOfType<{ claimedNodeId: string }>(log, NodeMessageRejected.type);
    expect(audited.filter((e) => e.data.claimedNodeId === claimed).length).toBeLessThanOrEqual(5);
  });

  it('answers NODE.RATE_LIMITED to a node over its request rate', async () => {
    const n = await node();
    // One byte of memory free: it can hold no fragment, so the requests take no work from other tests.
    const replies = await Promise.all(Array.from({ length: 30 }, () => n.request('work', n.signed('work-request', { slots: 1, freeMemoryBytes: 1 }))));
    const limited = replies.filter((r) => r.code === 'NODE.RATE_LIMITED');
    expect(limited.length).toBeGreaterThanOrEqual(9);
    expect(limited[0].retryAfterMs).toBeGreaterThan(0);
    expect(replies.filter((r) => r.ok === true).length).toBeLessThanOrEqual(21);
  });

  it('refuses a node it does not know before its rate or nonces are counted (fresh keys cannot fill the nonce memory)', async () => {
    const strangers = Array.from({ length: 5 }, () => new ProtocolNode(log, ProtocolNode.hardware(GiB)));
    const replies = await Promise.all(strangers.map((s) => s.request('work', s.signed('work-request', { slots: 1, freeMemoryBytes: GiB }))));
    expect(replies.map((r) => r.code)).toEqual(Array(5).fill('NODE.UNKNOWN_NODE'));
  });

  describe('results are checked against the task at submission', () => {
    async function refusedThenCompleted(bad: (a: Assignment, n: ProtocolNode) => Promise<[string, Record<string, unknown>?]>, message: RegExp): Promise<void> {
      const jobId = await submit({ priority: 'high' });
      await planned(jobId);
      const n = await node();
      const a = await workFor(n, jobId);
      const [hash, extra] = await bad(a, n);
      const reply = await n.submit(a, hash, extra);
      expect(reply).toMatchObject({ ok: false, code: 'NODE.RESULT_INVALID' });
      expect((reply as { message: string }).message).toMatch(message);
      const ended = await waitForEvent<FragmentLeaseEndedData>(log, FragmentLeaseEnded.type, (d) => d.leaseId === a.leaseId);
      expect(ended.data.reason).toBe('failed');
      // The refusal is recorded with the lease's end, for the job's owner (assignment view, job failure).
      expect(ended.data.error).toEqual({ code: 'NODE.RESULT_INVALID', message: (reply as { message: string }).message });
      const again = await workFor(await node(), jobId);
      expect(await n.submit(again, await store(n, probabilities(again.task.rows)))).toMatchObject({ ok: false, code: 'NODE.NOT_LEASED' });
      const holder = (await eventsOfType<FragmentAssignedData>(log, FragmentAssigned.type)).find((e) => e.data.leaseId === again.leaseId)!.data.nodeId;
      expect(holder).not.toBe(n.nodeId);
    }

    it('refuses a [1, classes] output for a fragment of many rows', () =>
      refusedThenCompleted(async (_a, n) => [await store(n, probabilities(1))], /probabilities has dims \[1, 3\]/));

    it('refuses int64 where the graph gives float32', () =>
      refusedThenCompleted(async (a, n) => [await store(n, { probabilities: { data: new BigInt64Array(a.task.rows * 3), dims: [a.task.rows, 3] } })], /int64/));

    it('refuses non-finite probabilities', () =>
      refusedThenCompleted(async (a, n) => [await store(n, { probabilities: { data: new Float32Array(a.task.rows * 3).fill(NaN), dims: [a.task.rows, 3] } })], /non-finite/));

    it('refuses a rowsProcessed that is not the fragment\'s rows', () =>
      refusedThenCompleted(async (a, n) => [await store(n, probabilities(a.task.rows)), { rowsProcessed: a.task.rows + 1 }], /rowsProcessed/));

    it('refuses a gradient of the wrong size, and the training job still completes', async () => {
      const jobId = await submit({ type: 'training', priority: 'high', params: { epochs: 1, shards: 1 } });
      await planned(jobId);
      const n = await node();
      const a = await workFor(n, jobId);
      const gradient = (hidden: number) => ({
        loss: { data: new Float32Array([0.5]), dims: [1] },
        dW1: { data: new Float32Array(shape.inputs * hidden), dims: [shape.inputs, hidden] },
        db1: { data: new Float32Array(shape.hidden), dims: [shape.hidden] },
        dW2: { data: new Float32Array(shape.hidden * shape.classes), dims: [shape.hidden, shape.classes] },
        db2: { data: new Float32Array(shape.classes), dims: [shape.classes] },
      });
      expect(await n.submit(a, await store(n, gradient(shape.hidden + 1)))).toMatchObject({ ok: false, code: 'NODE.RESULT_INVALID' });
      const good = await node();
      const again = await workFor(good, jobId);
      expect(await good.submit(again, await store(good, gradient(shape.hidden)))).toEqual({ ok: true });
      await waitForEvent(log, JobCompleted.type, (d: { jobId: string }) => d.jobId === jobId);
    });
  });

  it('gives up a job it cannot advance (an infrastructure error that does not pass) with JOB.ADVANCE_FAILED instead of retrying forever', async () => {
    const jobId = await submit({ type: 'training', priority: 'high', params: { epochs: 2, shards: 1 } });
    await planned(jobId);
    const n = await node();
    const a = await workFor(n, jobId);
    // The step's starting weights vanish from the blob store: aggregating the step fails every time.
    await (await new Objm(log.nc).open(blobBucketName(names.prefix))).delete(a.task.weightsHash!);
    const gradient = {
      loss: { data: new Float32Array([0.5]), dims: [] },
      dW1: { data: new Float32Array(shape.inputs * shape.hidden), dims: [shape.inputs, shape.hidden] },
      db1: { data: new Float32Array(shape.hidden), dims: [shape.hidden] },
      dW2: { data: new Float32Array(shape.hidden * shape.classes), dims: [shape.hidden, shape.classes] },
      db2: { data: new Float32Array(shape.classes), dims: [shape.classes] },
    };
    expect(await n.submit(a, await store(n, gradient))).toEqual({ ok: true });
    const failed = await waitForEvent<JobFailedData>(log, JobFailed.type, (d) => d.jobId === jobId);
    expect(failed.data.code).toBe('JOB.ADVANCE_FAILED');
  });

  it('fails a job whose uploaded model does not take the dataset, with a code, instead of leaving it running', async () => {
    const modelId = newId();
    const graphHash = await log.blobs().then((b) => b.put(new TextEncoder().encode('not loaded at planning')));
    const model = {
      modelId, accountId: 'acc-1', name: 'seven-features', graphHash, bytes: 22, tasks: ['inference'],
      inputs: [{ name: 'x', type: 'float32', dims: ['batch', 7] }], outputs: [{ name: 'y', type: 'float32', dims: ['batch', 2] }], registeredAt: new Date().toISOString(),
    };
    await log.store.append(subjects.model(modelId), [{ type: ModelRegistered.type, data: model }], 0);
    const jobId = await submit({ model: modelId });
    const failed = await waitForEvent<JobFailedData>(log, JobFailed.type, (d) => d.jobId === jobId);
    expect(failed.data).toMatchObject({ code: 'JOB.MODEL_DATASET_MISMATCH' });
  });

  it('ends the open leases of a node that leaves (released, not charged) and gives it no more work until it joins again', async () => {
    const jobId = await submit({ priority: 'high', params: { batchRows: 100 } });
    await planned(jobId);
    const leaver = await node();
    const held = await leaver.requestWork(2);
    expect(held.length).toBe(2);
    expect(await leaver.request('leave', leaver.signed('leave', { reason: 'shutdown' }))).toEqual({ ok: true });
    await waitForEvent(log, NodeLeft.type, (d: { nodeId: string }) => d.nodeId === leaver.nodeId);
    const ended = await eventsOfType<FragmentLeaseEndedData>(log, FragmentLeaseEnded.type);
    expect(ended.filter((e) => e.data.nodeId === leaver.nodeId).map((e) => e.data.reason)).toEqual(['released', 'released']);
    await expect(leaver.requestWork(1)).rejects.toThrow('NODE.UNKNOWN_NODE');
    await leaver.register();
    expect((await leaver.requestWork(1)).length).toBe(1);
  });
});
