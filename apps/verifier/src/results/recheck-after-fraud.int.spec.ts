import { randomUUID } from 'node:crypto';
import { FragmentVerified, FraudDetected, ResultViolation, subjects, type FragmentVerifiedData, type FraudDetectedData } from '@corex/events';
import { spotCheckDrawn, spotCheckProbability } from '@corex/verification-domain';
import { waitForEvent } from '../../../../test/support/wait-for-event';
import { NODE_A, VerifierFixture, zeroed } from './testing/verifier-fixture';

const trust = { reputation: 1, verifiedFragments: 100 };

/** A lease id the spot-check draw passes over at a trusted node's probability. */
function undrawnLease(): string {
  for (;;) {
    const id = `lease-${randomUUID()}`;
    if (!spotCheckDrawn(id, spotCheckProbability(trust, undefined))) return id;
  }
}

/** A trusted node's unchecked results are recomputed once it is caught cheating elsewhere. */
describe('recheck after fraud', () => {
  let fx: VerifierFixture;

  beforeAll(async () => {
    fx = await VerifierFixture.open();
    await fx.reputation(NODE_A, trust.reputation, trust.verifiedFragments);
    await fx.start();
  }, 60_000);

  afterAll(() => fx.dispose());

  it('accepts a trusted node’s undrawn result on cheap checks, then finds it wrong after the node’s fraud', async () => {
    const fragment = await fx.plan('inference');
    const leaseId = await fx.complete(fragment, await fx.result(fragment.task, zeroed), NODE_A, undrawnLease());
    const accepted = await waitForEvent<FragmentVerifiedData>(fx.log, FragmentVerified.type, (d) => d.leaseId === leaseId);
    expect(accepted.data).toMatchObject({ method: 'cheap-checks', sampled: false });

    const other = await fx.plan('inference');
    const violation = {
      fragmentId: other.fragmentId,
      jobId: fx.jobId,
      nodeId: NODE_A,
      leaseId: 'lease-duplicate',
      kind: 'duplicate-result',
      resultHash: 'a'.repeat(64),
      messageHash: 'b'.repeat(64),
      signature: 'c2ln',
      detail: 'second result for a completed lease',
      observedAt: new Date().toISOString(),
    };
    await fx.log.store.append(subjects.fragment(other.fragmentId), [{ type: ResultViolation.type, data: violation }], 0);

    const recheck = await waitForEvent<FraudDetectedData>(fx.log, FraudDetected.type, (d) => d.leaseId === leaseId);
    expect(recheck.data).toMatchObject({ kind: 'wrong-output', nodeId: NODE_A, evidence: { check: 'recompute' } });
  });
});
