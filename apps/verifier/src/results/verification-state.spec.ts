import { FragmentCompleted, FragmentVerified, FraudDetected, JobFragmentsPlanned, ReplicaPlanned, ReputationChanged, VerificationEscalated, type StoredEvent } from '@corex/events';
import { VerificationState } from './verification-state';

const task = { kind: 'inference', graphHash: 'a'.repeat(64), weightsHash: null, inputHash: 'b'.repeat(64), auxHash: null, outputs: ['y'], rows: 4 };
let seq = 0;
const stored = (subject: string, type: string, data: object): StoredEvent => ({ seq: ++seq, event: { id: `e${seq}`, type, subject, data } as never });
const completion = (fragmentId: string, leaseId: string, nodeId: string) =>
  stored(`fragment.${fragmentId}`, FragmentCompleted.type, { fragmentId, jobId: 'j', nodeId, leaseId, resultHash: 'c'.repeat(64) });

describe('VerificationState', () => {
  it('groups a replica’s completion under its original and counts escalations per group', () => {
    const state = new VerificationState();
    state.apply(stored('job.j', JobFragmentsPlanned.type, { jobId: 'j', step: 2, fragments: [{ fragmentId: 'f', size: { flops: 10 }, task }], plannedAt: 'now' }));
    state.apply(stored('fragment.f-r1', ReplicaPlanned.type, { fragmentId: 'f-r1', replicaOf: 'f', jobId: 'j', size: { flops: 10 }, task, plannedAt: 'now' }));
    state.apply(completion('f', 'l1', 'A'));
    state.apply(completion('f-r1', 'l2', 'B'));
    state.apply(completion('f-r1', 'l2', 'B'));
    state.apply(stored('verification.f', VerificationEscalated.type, { fragmentId: 'f', leaseId: 'l1' }));
    expect(state.groupOf('f').map((c) => c.leaseId)).toEqual(['l1', 'l2']);
    expect(state.work.get('f-r1')).toMatchObject({ originalId: 'f', step: 2 });
    expect(state.escalations.get('f')?.size).toBe(1);
    expect(state.versions.get('f')).toBe(seq);
  });

  it('keeps a fraud over a later verification of the same lease, and accepts verified hashes for the replay check', () => {
    const state = new VerificationState();
    state.apply(stored('job.j', JobFragmentsPlanned.type, { jobId: 'j', step: 0, fragments: [{ fragmentId: 'f', size: { flops: 10 }, task }], plannedAt: 'now' }));
    state.apply(stored('verification.f', FraudDetected.type, { fraudId: 'fraud-x', leaseId: 'l1' }));
    state.apply(stored('verification.f', FragmentVerified.type, { fragmentId: 'f', leaseId: 'l1', method: 'recompute', resultHash: 'c'.repeat(64) }));
    expect(state.verdicts.get('l1')).toEqual({ kind: 'fraud' });
    expect(state.accepted.get('c'.repeat(64))).toMatchObject({ leaseId: 'l1', fragmentId: 'f' });
  });

  it('reads a node’s trust from its reputation: score and verified fragments', () => {
    const state = new VerificationState();
    expect(state.trustOf('A')).toEqual({ reputation: null, verifiedFragments: 0 });
    state.apply(stored('reputation.A', ReputationChanged.type, { nodeId: 'A', score: 0.8, indicators: { verified: 12 } }));
    expect(state.trustOf('A')).toEqual({ reputation: 0.8, verifiedFragments: 12 });
  });
});
