import { FragmentVerified, FraudDetected, type FragmentVerifiedData, type FraudDetectedData } from '@corex/events';
import { SAMPLED_ROWS } from '@corex/verification-domain';
import { waitForEvent } from '../../../../test/support/wait-for-event';
import { NODE_A, VerifierFixture, zeroed } from './testing/verifier-fixture';

/** A `spot-check` job at rate 1 on a trusted node: every result is checked on sampled rows; a replayed result is caught. */
describe('spot checks on sampled rows and replays', () => {
  let fx: VerifierFixture;

  beforeAll(async () => {
    fx = await VerifierFixture.open({ mode: 'spot-check', rate: 1 });
    await fx.reputation(NODE_A, 0.9, 50);
    await fx.start();
  }, 60_000);

  afterAll(() => fx.dispose());

  it('verifies a correct preprocessing result on sampled rows, at the cost of those rows only', async () => {
    const fragment = await fx.plan('preprocessing');
    const leaseId = await fx.complete(fragment, await fx.result(fragment.task));
    const verified = await waitForEvent<FragmentVerifiedData>(fx.log, FragmentVerified.type, (d) => d.leaseId === leaseId);
    expect(verified.data).toMatchObject({ method: 'sampled-rows', sampled: true, checks: [{ check: 'sampled-rows', outcome: 'pass' }] });
    expect(verified.data.cost.flops).toBe(Math.round((1e6 * SAMPLED_ROWS) / fragment.task.rows));
  });

  it('detects zeroed embeddings on the sampled rows', async () => {
    const fragment = await fx.plan('feature-extraction');
    const leaseId = await fx.complete(fragment, await fx.result(fragment.task, zeroed));
    const fraud = await waitForEvent<FraudDetectedData>(fx.log, FraudDetected.type, (d) => d.leaseId === leaseId);
    expect(fraud.data).toMatchObject({ kind: 'wrong-output', evidence: { check: 'sampled-rows' } });
  });

  it('names a result accepted before for another task, and wrong for this one, a replay', async () => {
    const first = await fx.plan('inference');
    const hash = await fx.result(first.task);
    const firstLease = await fx.complete(first, hash);
    await waitForEvent<FragmentVerifiedData>(fx.log, FragmentVerified.type, (d) => d.leaseId === firstLease);
    const second = await fx.plan('inference', (task) => ({ ...task, inputRows: [0, 24], rows: 24 }));
    const leaseId = await fx.complete(second, hash);
    const fraud = await waitForEvent<FraudDetectedData>(fx.log, FraudDetected.type, (d) => d.leaseId === leaseId);
    expect(fraud.data).toMatchObject({ kind: 'replayed-result', evidence: { check: 'recompute' } });
    expect(fraud.data.evidence.detail).toContain(firstLease);
  });
});
