import { JobFragmentsAbandoned, JobSubmitted, type FragmentTask } from '@corex/events';
import { decideCommit, decideCompletion, decideWork } from '@corex/scheduler-domain';
import { completedParts, countedParts } from './job-book';
import { churnRuntime } from './testing/job-churn';

const NODE = 'U' + 'A'.repeat(55);
const hash = 'a'.repeat(64);
const task: FragmentTask = { kind: 'gradient', graphHash: hash, weightsHash: hash, inputHash: hash, auxHash: null, outputs: ['loss'], rows: 64 };

/** A training job `j` with step 0 of three fragments, f0 and f1 leased to NODE, f2 queued. */
function threeFragments() {
  const runtime = churnRuntime();
  const job = { jobId: 'j', accountId: 'a', type: 'training', model: 'mlp', dataset: 'd', budget: '1', priority: 'normal', requirements: {}, params: {}, submittedAt: '' };
  runtime.apply({ seq: 2, event: { type: JobSubmitted.type, subject: 'job.j', data: job } as never }, false);
  const fragments = [0, 1, 2].map((i) => ({ fragmentId: `j-s0-f${i}`, index: i, rowRange: [i * 64, (i + 1) * 64] as [number, number], size: { rows: 64, flops: 1, memoryBytes: 1 }, task }));
  runtime.applyPlanned({ jobId: 'j', step: 0, totalSteps: 2, totalRows: 192, plannedAt: '2026-11-30T10:00:00.000Z', fragments });
  const leases = decideWork(runtime.state, { nodeId: NODE, freeMemoryBytes: 2 ** 34, slots: 2, now: Date.now(), epoch: 1 });
  for (const { assignment } of leases) runtime.state.restoreLease(assignment.lease);
  return { runtime, leases: leases.map((l) => l.assignment.lease) };
}

const abandoned = (fragmentIds: string[], step = 0) => ({
  jobId: 'j',
  step,
  fragments: fragmentIds.map((fragmentId) => ({ fragmentId, nodeId: null })),
  reason: 'deadline' as const,
  abandonedAt: '2026-11-30T10:05:00.000Z',
});

describe('JobFragmentsAbandoned in the scheduler runtime', () => {
  it('given a leased and a queued fragment abandoned, closes the lease, drops both from the queue and the step, and counts the step done with the rest', async () => {
    const { runtime, leases } = threeFragments();
    const completion = decideCompletion(runtime.state, { fragmentId: 'j-s0-f0', leaseId: leases[0]!.leaseId, nodeId: NODE, now: Date.now(), resultHash: 'b'.repeat(64), durationMs: 1, rowsProcessed: 64, metrics: {}, signature: 's' });
    await runtime.recordFragment(completion);
    const revoked = runtime.applyAbandoned(abandoned(['j-s0-f1', 'j-s0-f2']));
    expect(revoked.map((l) => l.leaseId)).toEqual([leases[1]!.leaseId]);
    expect(runtime.state.stats()).toMatchObject({ queued: 0, leased: 0 });
    const entry = runtime.jobs.get('j')!;
    expect([...entry.abandoned!.keys()]).toEqual(['j-s0-f1', 'j-s0-f2']);
    expect(completedParts(entry)).toEqual([{ fragmentId: 'j-s0-f0', rowRange: [0, 64], resultHash: 'b'.repeat(64), nodeId: NODE }]);
  });

  it('refuses a late result and a late commit under an abandoned lease as stale', () => {
    const { runtime, leases } = threeFragments();
    runtime.applyAbandoned(abandoned(['j-s0-f1']));
    const claim = { fragmentId: 'j-s0-f1', leaseId: leases[1]!.leaseId, nodeId: NODE, now: Date.now() };
    expect(runtime.state.checkResult(claim)).toEqual({ ok: false, code: 'LEASE.STALE' });
    expect(decideCommit(runtime.state, { ...claim, commitment: 'c'.repeat(64) })).toEqual({ ok: false, code: 'LEASE.STALE' });
    expect(() => decideCompletion(runtime.state, { ...claim, resultHash: 'b'.repeat(64), durationMs: 1, rowsProcessed: 64, metrics: {}, signature: 's' })).toThrow('LEASE.STALE');
  });

  it('keeps the step\'s planning time from its event, so a restarted scheduler computes the same deadline', () => {
    const { runtime } = threeFragments();
    expect(runtime.jobs.get('j')!.plannedAtMs).toBe(Date.parse('2026-11-30T10:00:00.000Z'));
  });

  it('applies the same abandonment replayed from the log as when decided, once, and ignores one for another step', () => {
    const { runtime } = threeFragments();
    runtime.apply({ seq: 9, event: { type: JobFragmentsAbandoned.type, subject: 'job.j', data: abandoned(['j-s0-f2']) } as never }, false);
    expect(runtime.applyAbandoned(abandoned(['j-s0-f2']))).toEqual([]);
    expect(runtime.applyAbandoned(abandoned(['j-s0-f0'], 1))).toEqual([]);
    const entry = runtime.jobs.get('j')!;
    expect([...entry.stepFragments.keys()]).toEqual(['j-s0-f0', 'j-s0-f1']);
    expect(countedParts(entry)).toEqual([]);
    expect(completedParts(entry)).toBeNull();
  });
});
