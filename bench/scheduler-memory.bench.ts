/**
 * The scheduler's heap over 10k jobs: the runtime as the leader runs it (decide → append →
 * evolve, long polls timing out, finished jobs forgotten) over a log that keeps nothing, so only
 * the scheduler's own memory is measured. Heap after a forced GC at 1k jobs and at 10k jobs;
 * flat means the ratio 1k/10k stays near 1 (target ≥ 0.8). Needs `--expose-gc` for exact
 * figures (`node --expose-gc -r @swc-node/register bench/run.ts scheduler-memory`); without it the
 * figures are noisier.
 */
import { LruCache } from '@corex/platform';
import { churn, churnRuntime } from '../apps/scheduler/src/runtime/testing/job-churn';
import { result, type BenchResult } from './report';

const WARMUP_JOBS = 1_000;
const TOTAL_JOBS = 10_000;
const FRAGMENTS_PER_JOB = 8;

function heapAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

export async function run(): Promise<BenchResult[]> {
  const runtime = churnRuntime();
  // Stands for the coordinator's prepared datasets: 200 KB each, evicted by LRU.
  const prepared = new LruCache<string, Float32Array>(32);
  const step = async (from: number, count: number) => {
    for (let j = from; j < from + count; j += 100) {
      await churn(runtime, 100, FRAGMENTS_PER_JOB, j);
      for (let k = j; k < j + 100; k++) prepared.set(`job-${k}`, new Float32Array(50_000));
    }
  };
  await step(0, WARMUP_JOBS);
  const atWarmup = heapAfterGc();
  await step(WARMUP_JOBS, TOTAL_JOBS - WARMUP_JOBS);
  const atEnd = heapAfterGc();
  const sizes = runtime.sizes();
  console.log(`  heap ${(atWarmup / 2 ** 20).toFixed(1)} MiB at ${WARMUP_JOBS} jobs, ${(atEnd / 2 ** 20).toFixed(1)} MiB at ${TOTAL_JOBS}; runtime ${JSON.stringify(sizes)}, matcher ${JSON.stringify(runtime.state.stats())}`);
  if (sizes.jobs || sizes.tasks || sizes.fragmentVersions || sizes.waiters) throw new Error(`finished jobs left entries behind: ${JSON.stringify(sizes)}`);
  return [
    result('scheduler-memory', 'heap_mib_after_10k_jobs', atEnd / 2 ** 20),
    result('scheduler-memory', 'heap_1k_over_10k_jobs', atWarmup, { baseline: atEnd, target: 0.8 }),
  ];
}
