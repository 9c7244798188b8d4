import { JobSubmitted, NodeBenchmarked, type FragmentTask } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { decideCompletion, decideWork } from '@corex/scheduler-domain';
import { SchedulerRuntime } from '../scheduler-runtime';

/** An event log that takes every append (versions count up) and holds nothing: only the runtime's own memory is measured. */
export function nullLog(): EventLog {
  let seq = 0;
  const store = { append: async (_subject: string, events: unknown[]) => ({ version: (seq += events.length), events: [], duplicate: false }) };
  return { store } as unknown as EventLog;
}

const NODE_ID = 'U' + 'A'.repeat(55);
const hash = 'a'.repeat(64);
const task: FragmentTask = { kind: 'inference', graphHash: hash, weightsHash: null, inputHash: hash, auxHash: null, outputs: ['probabilities'], rows: 64 };

/** A runtime as the leader runs it, over the null log, with one registered node. */
export function churnRuntime(verification: 'off' | 'required' = 'off'): SchedulerRuntime {
  const runtime = new SchedulerRuntime(nullLog(), { leaseTtlMs: 30_000, heartbeatTimeoutMs: 60_000, verification }, 0);
  runtime.active = true;
  runtime.epoch = 1;
  const hardware = { cpuModel: 'c', cpuCores: 8, memoryBytes: 2 ** 34, gpus: [], executionProviders: ['cpu'], os: 'linux', arch: 'x64' };
  const benchmark = { kind: 'matmul-f32', size: 256, iterations: 1, durationMs: 1, gflops: 10, executionProvider: 'cpu' };
  runtime.apply({ seq: 1, event: { type: NodeBenchmarked.type, subject: `node.${NODE_ID}`, data: { nodeId: NODE_ID, hardware, benchmark } } as never }, false);
  return runtime;
}

/**
 * Runs `jobs` jobs of `fragments` fragments each through the runtime the way the handlers do:
 * submitted, planned, every fragment assigned and completed (decide → append → evolve), the job
 * finished; plus long-poll requests that time out.
 */
export async function churn(runtime: SchedulerRuntime, jobs: number, fragments = 4, offset = 0): Promise<void> {
  for (let j = offset; j < offset + jobs; j++) {
    const jobId = `job-${j}`;
    const submitted = { jobId, accountId: 'acc', type: 'inference', model: 'm', dataset: 'd', budget: '1', priority: 'normal', requirements: {}, params: {}, submittedAt: '' };
    runtime.apply({ seq: 1, event: { type: JobSubmitted.type, subject: `job.${jobId}`, data: submitted } as never }, false);
    const planned = Array.from({ length: fragments }, (_, i) => ({ fragmentId: `${jobId}-s0-f${i}`, index: i, rowRange: [i * 64, (i + 1) * 64] as [number, number], size: { rows: 64, flops: 1, memoryBytes: 1 }, task }));
    runtime.applyPlanned({ jobId, step: 0, totalSteps: 1, totalRows: fragments * 64, fragments: planned, plannedAt: '' });
    const now = Date.now();
    for (const { event } of decideWork(runtime.state, { nodeId: NODE_ID, freeMemoryBytes: 2 ** 34, slots: fragments, now, epoch: 1 })) {
      await runtime.recordFragment(event, now);
      const { fragmentId, leaseId } = event.data;
      const completed = decideCompletion(runtime.state, { fragmentId, leaseId, nodeId: NODE_ID, now, resultHash: hash, durationMs: 1, rowsProcessed: 64, metrics: {}, signature: 's' });
      await runtime.recordFragment(completed, now);
      // The feed then sees both events and skips them as its own.
      runtime.skipOwn(event.id, 0, `fragment.${fragmentId}`, () => event as never);
      runtime.skipOwn(completed.id, 0, `fragment.${fragmentId}`, () => completed as never);
    }
    if (j % 10 === 0) await Promise.all([runtime.waitForWork(1), runtime.waitForWork(1)]);
    runtime.finish(jobId);
  }
}
