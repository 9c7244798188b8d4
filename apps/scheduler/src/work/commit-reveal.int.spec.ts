import { encodeTensorMap, findModel, type TensorMap } from '@corex/compute';
import {
  FragmentCompleted,
  JobCompleted,
  JobFragmentsPlanned,
  ReplicaPlanned,
  ResultCommitted,
  ResultViolation,
  type FragmentCompletedData,
  type JobFragmentsPlannedData,
  type ReplicaPlannedData,
  type ResultViolationData,
} from '@corex/events';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { resultCommitment, signedBytesHash, type Assignment } from '@corex/node-protocol';
import { disposeTestLog, NATS_URL, uniqueNames } from '../../../../test/support/infra';
import { submitPenguinsJob } from '../../../../test/support/job-submitted';
import { ProtocolNode } from '../../../../test/support/protocol-node';
import { startTestScheduler } from '../../../../test/support/scheduler';
import { eventsOfType, waitForEvent } from '../../../../test/support/wait-for-event';
import type { RunningScheduler } from '../start-scheduler';

const GiB = 2 ** 30;
const shape = findModel('penguins-mlp')!.architecture!;
const probabilities = (rows: number, p = 1 / 3): TensorMap => ({ probabilities: { data: new Float32Array(rows * shape.classes).fill(p), dims: [rows, shape.classes] } });

/** A scheduler on its own stream, and protocol nodes that upload their results as nodes do. */
function network(tag: string, settings: Record<string, string>) {
  const names = uniqueNames(tag);
  const ctx = {} as { log: EventLog; scheduler: RunningScheduler };
  beforeAll(async () => {
    ctx.log = await openEventLog({ url: NATS_URL, service: 'test', ...names });
    ctx.scheduler = await startTestScheduler(names, { COREX_WORK_LONG_POLL_MS: '0', COREX_LEASE_TTL_MS: '60000', COREX_HEARTBEAT_TIMEOUT_MS: '60000', ...settings });
  });
  afterAll(async () => {
    await ctx.scheduler?.close();
    await disposeTestLog(ctx.log);
  });
  return {
    ctx,
    async node(): Promise<ProtocolNode> {
      const n = new ProtocolNode(ctx.log, ProtocolNode.hardware(8 * GiB), 10);
      await n.register();
      return n;
    },
    store: (by: ProtocolNode, tensors: TensorMap) => ctx.log.uploads().then((u) => u.put(by.nodeId, encodeTensorMap(tensors))),
    /** A job (one fragment, or several for smaller batches) and the lease of its first fragment for `n`. */
    async leased(n: ProtocolNode, batchRows = 400): Promise<Assignment> {
      const jobId = await submitPenguinsJob(ctx.log, { priority: 'high', params: { batchRows } });
      await waitForEvent<JobFragmentsPlannedData>(ctx.log, JobFragmentsPlanned.type, (d) => d.jobId === jobId);
      for (;;) {
        const [a] = await n.requestWork(1);
        if (!a) throw new Error('no work');
        if (a.jobId === jobId) return a;
        await n.release(a);
      }
    },
  };
}

describe('commit-reveal on the wire', () => {
  const net = network('crv', {});

  it('refuses a reveal without a commitment NODE.NOT_COMMITTED, and takes it once committed', async () => {
    const n = await net.node();
    const a = await net.leased(n);
    const hash = await net.store(n, probabilities(a.task.rows));
    const salt = 'ab'.repeat(32);
    expect(await n.reveal(a, hash, salt)).toMatchObject({ ok: false, code: 'NODE.NOT_COMMITTED' });
    expect((await n.commit(a, hash, salt)).reply).toEqual({ ok: true });
    const message = n.resultMessage(a, hash, salt);
    expect(await n.request('result', message)).toEqual({ ok: true });
    const completed = await waitForEvent<FragmentCompletedData>(net.ctx.log, FragmentCompleted.type, (d) => d.leaseId === a.leaseId);
    expect(completed.data).toMatchObject({ commitment: resultCommitment(hash, n.nodeId, a.leaseId, salt), salt });
    // Its reply lost, the node sends the identical message again after the job finished: still ok.
    await waitForEvent(net.ctx.log, JobCompleted.type, (d: { jobId: string }) => d.jobId === a.jobId);
    expect(await n.request('result', message)).toEqual({ ok: true });
  });

  it('takes the same commitment twice, refuses another for the same lease', async () => {
    const n = await net.node();
    const a = await net.leased(n);
    const hash = await net.store(n, probabilities(a.task.rows));
    const { salt } = await n.commit(a, hash);
    expect((await n.commit(a, hash, salt)).reply).toEqual({ ok: true });
    expect((await n.commit(a, hash)).reply).toMatchObject({ ok: false, code: 'NODE.ALREADY_COMMITTED' });
    expect((await eventsOfType(net.ctx.log, ResultCommitted.type)).filter((e) => (e.data as { leaseId: string }).leaseId === a.leaseId)).toHaveLength(1);
  });

  it('records a reveal that does not open its commitment as a reveal-mismatch violation and fails the lease', async () => {
    const n = await net.node();
    const a = await net.leased(n);
    const honest = await net.store(n, probabilities(a.task.rows));
    const other = await net.store(n, probabilities(a.task.rows, 0.25));
    const { salt } = await n.commit(a, honest);
    const message = n.resultMessage(a, other, salt);
    expect(await n.request('result', message)).toMatchObject({ ok: false, code: 'NODE.REVEAL_MISMATCH' });
    const violation = await waitForEvent<ResultViolationData>(net.ctx.log, ResultViolation.type, (d) => d.leaseId === a.leaseId);
    expect(violation.data).toMatchObject({ kind: 'reveal-mismatch', nodeId: n.nodeId, resultHash: other, signature: message.signature, messageHash: signedBytesHash('result', message.body) });
    expect(await n.reveal(a, honest, salt)).toMatchObject({ ok: false, code: expect.stringMatching(/NODE\.(NOT_LEASED|LEASE_STALE)/) });
  });

  it('answers an identical re-delivery of an accepted result ok, and records a different result for that lease as duplicate-result', async () => {
    const n = await net.node();
    // Two fragments: the job is still running (the scheduler still holds the fragment) when the duplicate comes.
    const a = await net.leased(n, 100);
    const hash = await net.store(n, probabilities(a.task.rows));
    const { salt } = await n.commit(a, hash);
    const message = n.resultMessage(a, hash, salt);
    expect(await n.request('result', message)).toEqual({ ok: true });
    expect(await n.request('result', message)).toEqual({ ok: true });
    const second = n.resultMessage(a, hash, salt);
    expect(await n.request('result', second)).toMatchObject({ ok: false, code: 'NODE.DUPLICATE_RESULT' });
    const violation = await waitForEvent<ResultViolationData>(net.ctx.log, ResultViolation.type, (d) => d.leaseId === a.leaseId);
    expect(violation.data).toMatchObject({ kind: 'duplicate-result', signature: second.signature });
    expect((await eventsOfType<FragmentCompletedData>(net.ctx.log, FragmentCompleted.type)).filter((e) => e.data.leaseId === a.leaseId)).toHaveLength(1);
  });

  it("records a result under a lease the node never held as unleased-result, and refuses its own expired lease plainly", async () => {
    const holder = await net.node();
    const intruder = await net.node();
    const a = await net.leased(holder);
    const hash = await net.store(intruder, probabilities(a.task.rows));
    const guessed = { ...a, leaseId: a.leaseId.replace(/a1$/, 'a2') };
    expect(await intruder.reveal(guessed, hash, 'cd'.repeat(32))).toMatchObject({ ok: false, code: 'NODE.UNLEASED_RESULT' });
    const violation = await waitForEvent<ResultViolationData>(net.ctx.log, ResultViolation.type, (d) => d.nodeId === intruder.nodeId);
    expect(violation.data).toMatchObject({ kind: 'unleased-result', fragmentId: a.fragmentId, leaseId: guessed.leaseId });
    // The holder gives its lease back: its own ended lease is refused without a violation.
    await holder.release(a);
    const { salt } = await holder.commit(a, hash);
    expect(await holder.reveal(a, hash, salt)).toMatchObject({ ok: false, code: expect.stringMatching(/NODE\.(NOT_LEASED|LEASE_STALE)/) });
    const violations = await eventsOfType<ResultViolationData>(net.ctx.log, ResultViolation.type);
    expect(violations.filter((e) => e.data.nodeId === holder.nodeId)).toEqual([]);
  });
});

describe('replicas and the replica gate', () => {
  const net = network('rpl', { COREX_VERIFICATION: 'required', COREX_REPLICA_WAIT_MS: '60000' });

  it("plans a replica for an untrusted node's work and holds its reveal until the replica committed; the replica never counts for the job", async () => {
    const first = await net.node();
    // Registered (live) from the start: a replica only holds the reveal while another node could run it.
    const second = await net.node();
    const a = await net.leased(first);
    const replica = await waitForEvent<ReplicaPlannedData>(net.ctx.log, ReplicaPlanned.type, (d) => d.replicaOf === a.fragmentId);
    expect(replica.data).toMatchObject({ fragmentId: `${a.fragmentId}-r1`, excludeNodes: [first.nodeId], reason: 'policy', task: a.task });

    const hash = await net.store(first, probabilities(a.task.rows));
    const { salt } = await first.commit(a, hash);
    const reveal = first.resultMessage(a, hash, salt);
    expect(await first.request('result', reveal)).toMatchObject({ ok: false, code: 'NODE.REVEAL_TOO_EARLY', retryAfterMs: expect.any(Number) });

    const [r] = await second.requestWork(1);
    expect(r).toMatchObject({ fragmentId: `${a.fragmentId}-r1`, jobId: a.jobId });
    expect(await first.request('result', reveal)).toMatchObject({ ok: false, code: 'NODE.REVEAL_TOO_EARLY' });
    const replicaHash = await net.store(second, probabilities(r!.task.rows));
    const committed = await second.commit(r!, replicaHash);
    // The same signed reveal, sent again, now passes the gate.
    expect(await first.request('result', reveal)).toEqual({ ok: true });
    expect(await second.reveal(r!, replicaHash, committed.salt)).toEqual({ ok: true });
    await waitForEvent<FragmentCompletedData>(net.ctx.log, FragmentCompleted.type, (d) => d.fragmentId === r!.fragmentId);
    // Neither counts before the verifier's verdict; the replica never does (no JobCompleted, no replica of a replica).
    expect((await eventsOfType(net.ctx.log, JobCompleted.type)).filter((e) => (e.data as { jobId: string }).jobId === a.jobId)).toEqual([]);
    expect((await eventsOfType<ReplicaPlannedData>(net.ctx.log, ReplicaPlanned.type)).map((e) => e.data.fragmentId)).toEqual([`${a.fragmentId}-r1`]);
  });
});
