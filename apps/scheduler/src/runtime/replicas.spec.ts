import { FragmentAssigned, FragmentCompleted, JobSubmitted, ReplicaPlanned } from '@corex/events';
import { churnRuntime } from './testing/job-churn';

const NODE = 'U' + 'A'.repeat(55);
const OTHER = 'U' + 'B'.repeat(55);
const hash = 'a'.repeat(64);
const task = { kind: 'inference' as const, graphHash: hash, weightsHash: null, inputHash: hash, auxHash: null, outputs: ['probabilities'], rows: 64 };
const at = new Date().toISOString();

/** Replays a job with one fragment `j-s0-f0`, leased to NODE, and its replica `j-s0-f0-r1`. */
function replayed() {
  const runtime = churnRuntime();
  const job = { jobId: 'j', accountId: 'a', type: 'inference', model: 'm', dataset: 'd', budget: '1', priority: 'normal', requirements: {}, params: {}, submittedAt: '' };
  runtime.apply({ seq: 2, event: { type: JobSubmitted.type, subject: 'job.j', data: job } as never }, false);
  runtime.applyPlanned({ jobId: 'j', step: 0, totalSteps: 1, totalRows: 64, plannedAt: '', fragments: [{ fragmentId: 'j-s0-f0', index: 0, rowRange: [0, 64], size: { rows: 64, flops: 1, memoryBytes: 1 }, task }] });
  const assigned = (fragmentId: string, nodeId: string) => ({ fragmentId, jobId: 'j', nodeId, leaseId: `${fragmentId}-a1`, attempt: 1, score: {}, assignedAt: at, leaseExpiresAt: at });
  const replica = { fragmentId: 'j-s0-f0-r1', replicaOf: 'j-s0-f0', jobId: 'j', index: 0, rowRange: [0, 64], size: { rows: 64, flops: 1, memoryBytes: 1 }, task, excludeNodes: [NODE], reason: 'policy', plannedAt: at };
  const events = [
    { type: FragmentAssigned.type, subject: 'fragment.j-s0-f0', data: assigned('j-s0-f0', NODE) },
    { type: ReplicaPlanned.type, subject: 'fragment.j-s0-f0-r1', data: replica },
  ];
  events.forEach((event, i) => runtime.apply({ seq: 3 + i, event: event as never }, false));
  return { runtime, assigned };
}

describe('SchedulerRuntime: replicas', () => {
  it('rebuilds a replica from ReplicaPlanned at replay: queued at high priority, its task known, never for the node that ran the original', () => {
    const { runtime } = replayed();
    expect(runtime.state.fragment('j-s0-f0-r1')).toMatchObject({ status: 'queued', plan: { priority: 'high', replicaOf: 'j-s0-f0' } });
    expect(runtime.tasks.get('j-s0-f0-r1')).toEqual(task);
    expect(runtime.state.proposeWork({ nodeId: NODE, freeMemoryBytes: 2 ** 34, slots: 4, now: Date.now() }, () => false)).toEqual([]);
  });

  it("never counts a replica's result for the job", () => {
    const { runtime, assigned } = replayed();
    const completed = { fragmentId: 'j-s0-f0-r1', jobId: 'j', nodeId: OTHER, leaseId: 'j-s0-f0-r1-a1', resultHash: 'b'.repeat(64), durationMs: 1, rowsProcessed: 64, metrics: {}, signature: 's', completedAt: at };
    runtime.apply({ seq: 10, event: { type: FragmentAssigned.type, subject: 'fragment.j-s0-f0-r1', data: assigned('j-s0-f0-r1', OTHER) } as never }, false);
    runtime.apply({ seq: 11, event: { type: FragmentCompleted.type, subject: 'fragment.j-s0-f0-r1', data: completed } as never }, false);
    expect(runtime.state.fragment('j-s0-f0-r1')?.status).toBe('completed');
    expect(runtime.jobs.get('j')!.stepFragments.get('j-s0-f0')!.resultHash).toBeUndefined();
    expect([...runtime.jobs.get('j')!.stepFragments.keys()]).toEqual(['j-s0-f0']);
  });

  it("forgets a finished job's replicas with it", () => {
    const { runtime } = replayed();
    runtime.finish('j');
    expect(runtime.tasks.size).toBe(0);
    expect(runtime.state.fragment('j-s0-f0-r1')).toBeUndefined();
    expect(runtime.state.reveals.size).toBe(0);
  });
});
