import { FragmentVerified, FraudDetected, subjects, type FraudDetectedData, type FragmentVerifiedData } from '@corex/events';
import { evidenceHash } from '@corex/verification-domain';
import { waitForEvent } from '../../../../test/support/wait-for-event';
import { NODE_A, VerifierFixture, zeroed } from './testing/verifier-fixture';

/**
 * The verifier against real NATS, the blob store and onnxruntime: results computed by the node
 * runner's executor are verified by recomputing them; a zeroed result is fraud with evidence.
 * The node is new (no reputation) and no replica is planned, so every result is recomputed.
 */
describe('result verification', () => {
  let fx: VerifierFixture;

  beforeAll(async () => {
    fx = await VerifierFixture.open();
    await fx.start();
  }, 60_000);

  afterAll(() => fx.dispose());

  it('verifies a correct inference result by recomputing it', async () => {
    const fragment = await fx.plan('inference');
    const leaseId = await fx.complete(fragment, await fx.result(fragment.task));
    const verified = await waitForEvent<FragmentVerifiedData>(fx.log, FragmentVerified.type, (d) => d.leaseId === leaseId);
    expect(verified.data).toMatchObject({ method: 'recompute', checks: [{ check: 'recompute', outcome: 'pass' }] });
    expect(verified.data.cost.flops).toBe(1e6);
  });

  it('detects a zeroed inference result as wrong output, with the differing values and hashes as evidence', async () => {
    const fragment = await fx.plan('inference');
    const leaseId = await fx.complete(fragment, await fx.result(fragment.task, zeroed));
    const fraud = await waitForEvent<FraudDetectedData>(fx.log, FraudDetected.type, (d) => d.leaseId === leaseId);
    expect(fraud.data).toMatchObject({ kind: 'wrong-output', fraudId: `fraud-wrong-output-${leaseId}`, nodeId: NODE_A, evidence: { check: 'recompute' } });
    expect(fraud.data.evidence.got).toMatch(/^\[0\.00000, 0\.00000/);
    expect(fraud.data.evidence.expected).not.toBe(fraud.data.evidence.got);
    expect(Object.keys(fraud.data.evidence.hashes)).toEqual(expect.arrayContaining(['task', 'result', 'recompute']));
    expect(fraud.data.evidenceHash).toBe(evidenceHash(fraud.data.evidence));
    expect(fraud.subject).toBe(subjects.verification(fragment.fragmentId));
  });

  it('verifies a correct gradient (recompute and the loss-decrease check pass) and detects a zeroed one as wrong gradient', async () => {
    const good = await fx.plan('gradient');
    const bad = await fx.plan('gradient');
    const goodLease = await fx.complete(good, await fx.result(good.task));
    const badLease = await fx.complete(bad, await fx.result(bad.task, zeroed));
    const verified = await waitForEvent<FragmentVerifiedData>(fx.log, FragmentVerified.type, (d) => d.leaseId === goodLease);
    expect(verified.data.checks.map((c) => [c.check, c.outcome])).toEqual([
      ['recompute', 'pass'],
      ['loss-decrease', 'pass'],
      ['gradient-norm', 'pass'],
    ]);
    const fraud = await waitForEvent<FraudDetectedData>(fx.log, FraudDetected.type, (d) => d.leaseId === badLease);
    expect(fraud.data).toMatchObject({ kind: 'wrong-gradient', evidence: { check: 'recompute' } });
    expect(fraud.data.evidence.detail).toMatch(/cosine/);
  });
});
