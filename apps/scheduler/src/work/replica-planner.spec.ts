import pino from 'pino';
import { JobSubmitted, NodeBenchmarked, VerificationEscalated } from '@corex/events';
import { decideWork } from '@corex/scheduler-domain';
import { SchedulerRuntime } from '../runtime/scheduler-runtime';
import { nullLog } from '../runtime/testing/job-churn';
import { ReplicaPlanner } from './replica-planner';

const A = 'U' + 'A'.repeat(55);
const B = 'U' + 'B'.repeat(55);
const hash = 'a'.repeat(64);
const task = { kind: 'inference' as const, graphHash: hash, weightsHash: null, inputHash: hash, auxHash: null, outputs: ['probabilities'], rows: 64 };

/** A leader runtime over a log that takes every append, with nodes A and B and one job of one fragment `j-s0-f0`. */
function runtimeWith(verification: 'required' | 'off', policy?: unknown) {
  const runtime = new SchedulerRuntime(nullLog(), { leaseTtlMs: 30_000, heartbeatTimeoutMs: 60_000, verification }, 0);
  runtime.active = true;
  const hardware = { cpuModel: 'c', cpuCores: 8, memoryBytes: 2 ** 34, gpus: [], executionProviders: ['cpu'], os: 'linux', arch: 'x64' };
  const benchmark = { kind: 'matmul-f32', size: 256, iterations: 1, durationMs: 1, gflops: 10, executionProvider: 'cpu' };
  for (const nodeId of [A, B]) runtime.apply({ seq: 1, event: { type: NodeBenchmarked.type, subject: `node.${nodeId}`, data: { nodeId, hardware, benchmark } } as never }, false);
  const job = { jobId: 'j', accountId: 'a', type: 'inference', model: 'm', dataset: 'd', budget: '1', priority: 'normal', requirements: {}, params: {}, submittedAt: '', ...(policy ? { verification: policy } : {}) };
  runtime.apply({ seq: 2, event: { type: JobSubmitted.type, subject: 'job.j', data: job } as never }, false);
  runtime.applyPlanned({ jobId: 'j', step: 0, totalSteps: 1, totalRows: 64, plannedAt: '', fragments: [{ fragmentId: 'j-s0-f0', index: 0, rowRange: [0, 64], size: { rows: 64, flops: 1, memoryBytes: 1 }, task }] });
  return { runtime, planner: new ReplicaPlanner(runtime, pino({ level: 'silent' })) };
}

async function assignTo(runtime: SchedulerRuntime, nodeId: string) {
  const [decided] = decideWork(runtime.state, { nodeId, freeMemoryBytes: 2 ** 34, slots: 1, now: Date.now(), epoch: 0 });
  await runtime.recordFragment(decided!.event);
  return decided!.event;
}

describe('ReplicaPlanner', () => {
  it("plans a replica of an untrusted node's fragment, for any node but that one", async () => {
    const { runtime, planner } = runtimeWith('required');
    await planner.afterAssignment(await assignTo(runtime, A), Date.now());
    expect(runtime.state.fragment('j-s0-f0-r1')).toMatchObject({ status: 'queued', plan: { replicaOf: 'j-s0-f0', priority: 'high' } });
    expect(runtime.tasks.get('j-s0-f0-r1')).toEqual(task);
    expect((await assignTo(runtime, B)).data.fragmentId).toBe('j-s0-f0-r1');
  });

  it("plans none for a trusted node's fragment under the adaptive policy, and none when verification is off", async () => {
    const trusted = runtimeWith('required');
    trusted.runtime.state.reputationChanged(A, 0.9, 20);
    await trusted.planner.afterAssignment(await assignTo(trusted.runtime, A), Date.now());
    expect(trusted.runtime.state.fragment('j-s0-f0-r1')).toBeUndefined();
    const off = runtimeWith('off');
    await off.planner.afterAssignment(await assignTo(off.runtime, A), Date.now());
    expect(off.runtime.state.fragment('j-s0-f0-r1')).toBeUndefined();
  });

  it('plans a replica of a trusted node\'s fragment when the job asks for redundancy', async () => {
    const { runtime, planner } = runtimeWith('required', { mode: 'redundancy', factor: 2 });
    runtime.state.reputationChanged(A, 0.9, 20);
    await planner.afterAssignment(await assignTo(runtime, A), Date.now());
    expect(runtime.state.fragment('j-s0-f0-r1')).toBeDefined();
  });

  it('plans the next replica, reason escalated, for a live VerificationEscalated, excluding every node of the group', async () => {
    const { runtime, planner } = runtimeWith('required');
    const heard: unknown[] = [];
    runtime.onEscalated = (escalation) => heard.push(escalation);
    await planner.afterAssignment(await assignTo(runtime, A), Date.now());
    await assignTo(runtime, B);
    const escalated = { fragmentId: 'j-s0-f0', jobId: 'j', nodeId: A, leaseId: 'j-s0-f0-a1', resultHash: hash, check: 'sampled-rows', reason: 'inconclusive', escalatedAt: new Date().toISOString() };
    const event = { type: VerificationEscalated.type, subject: 'verification.j-s0-f0', data: escalated } as never;
    runtime.apply({ seq: 9, event }, false);
    runtime.apply({ seq: 9, event }, true);
    // Replayed escalations were acted on when they were live: only the live one is heard.
    expect(heard).toEqual([escalated]);
    await planner.afterEscalation(escalated);
    expect(runtime.state.fragment('j-s0-f0-r2')).toMatchObject({ status: 'queued' });
    expect(decideWork(runtime.state, { nodeId: A, freeMemoryBytes: 2 ** 34, slots: 1, now: Date.now(), epoch: 0 })).toEqual([]);
    expect(decideWork(runtime.state, { nodeId: B, freeMemoryBytes: 2 ** 34, slots: 1, now: Date.now(), epoch: 0 })).toEqual([]);
  });
});
