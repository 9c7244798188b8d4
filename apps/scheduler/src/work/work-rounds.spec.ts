import { JobSubmitted, NodeBenchmarked, StakeChanged, type FragmentTask } from '@corex/events';
import { decideCompletion } from '@corex/scheduler-domain';
import { valuePerRow, type SchedulerRuntime } from '../runtime/scheduler-runtime';
import { churnRuntime } from '../runtime/testing/job-churn';
import { WorkRounds } from './work-rounds';

const BOOSTED = 'B' + 'A'.repeat(55);
const UNSTAKED = 'C' + 'A'.repeat(55);
const hash = 'a'.repeat(64);
const task: FragmentTask = { kind: 'inference', graphHash: hash, weightsHash: null, inputHash: hash, auxHash: null, outputs: ['probabilities'], rows: 64 };
const hardware = { cpuModel: 'c', cpuCores: 8, memoryBytes: 2 ** 34, gpus: [], executionProviders: ['cpu'], os: 'linux', arch: 'x64' };
const benchmark = { kind: 'matmul-f32', size: 256, iterations: 1, durationMs: 1, gflops: 10, executionProvider: 'cpu' };

function registered(runtime: SchedulerRuntime, nodeId: string): void {
  runtime.apply({ seq: 1, event: { type: NodeBenchmarked.type, subject: `node.${nodeId}`, data: { nodeId, hardware, benchmark } } as never }, false);
}

function planOne(runtime: SchedulerRuntime, jobId: string): void {
  const submitted = { jobId, accountId: 'acc', type: 'inference', model: 'm', dataset: 'd', budget: '1', priority: 'normal', requirements: {}, params: {}, submittedAt: '' };
  runtime.apply({ seq: 1, event: { type: JobSubmitted.type, subject: `job.${jobId}`, data: submitted } as never }, false);
  const fragments = [{ fragmentId: `${jobId}-s0-f0`, index: 0, rowRange: [0, 64] as [number, number], size: { rows: 64, flops: 1, memoryBytes: 1 }, task }];
  runtime.applyPlanned({ jobId, step: 0, totalSteps: 1, totalRows: 64, fragments, plannedAt: '' });
}

/** What the work handler does for an idle node: long-poll, then ask in a round, record and (here) complete at once. */
async function idleNodeAsks(runtime: SchedulerRuntime, rounds: WorkRounds, nodeId: string): Promise<number> {
  await runtime.waitForWork(10_000);
  const { decided, now, unreserve } = await rounds.decide({ nodeId, freeMemoryBytes: 2 ** 34, slots: 1 });
  try {
    for (const { event } of decided) {
      await runtime.recordFragment(event, now);
      const { fragmentId, leaseId } = event.data;
      await runtime.recordFragment(decideCompletion(runtime.state, { fragmentId, leaseId, nodeId, now, resultHash: hash, durationMs: 1, rowsProcessed: 64, metrics: {}, signature: 's' }), now);
    }
    return decided.length;
  } finally {
    unreserve();
  }
}

describe('WorkRounds', () => {
  it('gives a 3x node about 3x the work of an equal unstaked node when both are idle and new work wakes them together (measured 3.00)', async () => {
    const runtime = churnRuntime();
    registered(runtime, BOOSTED);
    registered(runtime, UNSTAKED);
    const stake = { nodeId: BOOSTED, nodeKey: `0x${'1'.repeat(64)}`, staker: `0x${'2'.repeat(40)}`, active: '100000000000000000000000', pending: '0', boostBps: 30_000, verifier: true, block: 1, txHash: `0x${'3'.repeat(64)}` };
    runtime.apply({ seq: 2, event: { type: StakeChanged.type, subject: `stake.${BOOSTED}`, data: stake } as never }, false);
    const rounds = new WorkRounds(runtime);
    const count = { boosted: 0, unstaked: 0 };
    for (let i = 0; i < 200; i++) {
      const asks = Promise.all([idleNodeAsks(runtime, rounds, UNSTAKED), idleNodeAsks(runtime, rounds, BOOSTED)]);
      expect(runtime.waitingRequests).toBe(2);
      planOne(runtime, `job-${i}`);
      const [unstaked, boosted] = await asks;
      count.unstaked += unstaked;
      count.boosted += boosted;
      runtime.finish(`job-${i}`);
    }
    expect(count.boosted + count.unstaked).toBe(200);
    const ratio = count.boosted / count.unstaked;
    expect(ratio).toBeGreaterThanOrEqual(2.2);
    expect(ratio).toBeLessThanOrEqual(3.8);
  });

  it('refuses a node it does not know without spoiling the round for the others', async () => {
    const runtime = churnRuntime();
    registered(runtime, BOOSTED);
    planOne(runtime, 'job');
    const rounds = new WorkRounds(runtime);
    const [ghost, known] = await Promise.allSettled([rounds.decide({ nodeId: UNSTAKED, freeMemoryBytes: 1e9, slots: 1 }), rounds.decide({ nodeId: BOOSTED, freeMemoryBytes: 1e9, slots: 1 })]);
    expect(ghost).toMatchObject({ status: 'rejected', reason: { code: 'SCHEDULER.NODE_UNKNOWN' } });
    expect(known.status === 'fulfilled' && known.value.decided.map((d) => d.event.data.fragmentId)).toEqual(['job-s0-f0']);
  });

  it('values a job by its budget per row and step', () => {
    expect(valuePerRow('10', 1000, 5)).toBe(0.002);
    expect(valuePerRow('10', 0, 1)).toBe(10);
  });
});
