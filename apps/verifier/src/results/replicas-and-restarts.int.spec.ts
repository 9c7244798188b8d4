import {
  FragmentVerified,
  FraudDetected,
  ResultViolation,
  VerificationEscalated,
  subjects,
  type FragmentVerifiedData,
  type FraudDetectedData,
  type VerificationEscalatedData,
} from '@corex/events';
import { until } from '../../../../test/support/until';
import { eventsOfType, waitForEvent } from '../../../../test/support/wait-for-event';
import { NODE_A, NODE_B, VerifierFixture, zeroed } from './testing/verifier-fixture';

const missingHash = 'e'.repeat(64);

/** Replica comparison, violations, infrastructure errors and restarts, against real NATS, blobs and onnxruntime. */
describe('result verification with replicas and restarts', () => {
  let fx: VerifierFixture;

  beforeAll(async () => {
    fx = await VerifierFixture.open();
    // A long replica wait: a new node's result waits for its replica.
    await fx.start({ REPLICA_WAIT_MS: '600000' });
  }, 60_000);

  afterAll(() => fx.dispose());

  it('verifies a new node’s result and its replica by the same revealed hash, without recomputing', async () => {
    const fragment = await fx.plan('inference');
    const replica = await fx.planReplica(fragment);
    const hash = await fx.result(fragment.task);
    const original = await fx.complete(fragment, hash, NODE_A);
    const copy = await fx.complete(replica, hash, NODE_B);
    for (const lease of [original, copy]) {
      const verified = await waitForEvent<FragmentVerifiedData>(fx.log, FragmentVerified.type, (d) => d.leaseId === lease);
      expect(verified.data).toMatchObject({ method: 'replica', cost: { flops: 0 } });
      expect(verified.subject).toBe(subjects.verification(fragment.fragmentId));
    }
  });

  it('recomputes when original and replica disagree: the right one is verified, the wrong one is fraud', async () => {
    const fragment = await fx.plan('feature-extraction');
    const replica = await fx.planReplica(fragment);
    const honest = await fx.complete(fragment, await fx.result(fragment.task), NODE_A);
    const cheat = await fx.complete(replica, await fx.result(fragment.task, zeroed), NODE_B);
    const fraud = await waitForEvent<FraudDetectedData>(fx.log, FraudDetected.type, (d) => d.leaseId === cheat);
    expect(fraud.data).toMatchObject({ kind: 'wrong-output', nodeId: NODE_B, fragmentId: replica.fragmentId });
    const verified = await waitForEvent<FragmentVerifiedData>(fx.log, FragmentVerified.type, (d) => d.leaseId === honest);
    expect(verified.data).toMatchObject({ nodeId: NODE_A, method: 'recompute' });
  });

  it('turns a result violation into fraud of its kind with the signed message hash', async () => {
    const fragment = await fx.plan('inference');
    const data = {
      fragmentId: fragment.fragmentId,
      jobId: fx.jobId,
      nodeId: NODE_B,
      leaseId: 'lease-never-held',
      kind: 'unleased-result',
      resultHash: 'a'.repeat(64),
      messageHash: 'b'.repeat(64),
      signature: 'c2ln',
      detail: 'no such lease',
      observedAt: new Date().toISOString(),
    };
    await fx.log.store.append(subjects.fragment(fragment.fragmentId), [{ type: ResultViolation.type, data }], 0);
    const fraud = await waitForEvent<FraudDetectedData>(fx.log, FraudDetected.type, (d) => d.leaseId === 'lease-never-held');
    expect(fraud.data).toMatchObject({ kind: 'unleased-result', fraudId: 'fraud-unleased-result-lease-never-held', evidence: { hashes: { messageHash: 'b'.repeat(64) } } });
  });

  it('escalates, never blames, when the result blob is missing', async () => {
    const fragment = await fx.plan('inference');
    const leaseId = await fx.complete(fragment, missingHash);
    const escalated = await waitForEvent<VerificationEscalatedData>(fx.log, VerificationEscalated.type, (d) => d.leaseId === leaseId);
    expect(escalated.data).toMatchObject({ check: 'infrastructure', reason: expect.stringContaining(missingHash) });
    expect((await eventsOfType<FraudDetectedData>(fx.log, FraudDetected.type)).filter((e) => e.data.leaseId === leaseId)).toEqual([]);
  });

  it('after a restart judges what came while it was down, and appends no verdict twice', async () => {
    const judged = (await eventsOfType<FragmentVerifiedData>(fx.log, FragmentVerified.type)).map((e) => e.data.leaseId);
    await fx.verifier!.close();
    const fragment = await fx.plan('preprocessing');
    const leaseId = await fx.complete(fragment, await fx.result(fragment.task));
    await fx.start({ REPLICA_WAIT_MS: '600000' });
    await waitForEvent<FragmentVerifiedData>(fx.log, FragmentVerified.type, (d) => d.leaseId === leaseId);
    const after = (await eventsOfType<FragmentVerifiedData>(fx.log, FragmentVerified.type)).map((e) => e.data.leaseId);
    expect(after.sort()).toEqual([...judged, leaseId].sort());
  });

  // Last: the test helpers that read the whole log cannot decode the foreign event either.
  it('skips an event it cannot decode and judges the results after it', async () => {
    await fx.log.js.publish(fx.log.store.subjectOf('job.foreign'), JSON.stringify({ type: 'corex.unknown.thing', data: {} }));
    const fragment = await fx.plan('inference');
    const leaseId = await fx.complete(fragment, await fx.result(fragment.task));
    const verdicts = await until(async () => {
      const { events } = await fx.log.store.read(subjects.verification(fragment.fragmentId));
      return events.length > 0 ? events : undefined;
    }, 'a verdict after the foreign event');
    expect(verdicts.map((e) => [e.event.type, (e.event.data as { leaseId: string }).leaseId])).toEqual([[FragmentVerified.type, leaseId]]);
  });
});
