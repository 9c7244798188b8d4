/**
 * Node-runner throughput on MLP inference fragments (output `probabilities`), beside bare
 * onnxruntime-node `session.run` on the same batches, for several models and fragment sizes:
 *  (a) bare, sequential: one session with onnxruntime's default options (all cores to its
 *      intra-op pool), weights and every batch already onnxruntime tensors, run one after the
 *      other on a thread of its own: how a program that just calls `session.run` in a loop
 *      does. The target's baseline.
 *  (b) bare, side by side: one session per core on worker threads (one intra-op thread each),
 *      same batches, plain `session.run`: the best this machine gave us from onnxruntime alone.
 *  (c) the node-runner's ExecutorPool (threads = cores, as `node-runner start` sets it up,
 *      SLOTS fragments in flight) with each thread's blobs in a map of its own instead of the
 *      network: what the node-runner adds per fragment besides the network (task messages
 *      between threads, verifying input blocks, decoding, feeds, writing outputs into the result
 *      map, hashing the result). The tasks read their rows of input blocks grouped as the
 *      scheduler plans them (ADR 0005).
 *  (d) (c) on the real object store over NATS (unique prefix), each thread over its own
 *      connection as in `node-runner start`: fetching inputs and storing results.
 * Target: c / a >= 0.9. The other ratios are printed for information.
 */
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Worker as Thread } from 'node:worker_threads';
import pino from 'pino';
import { buildMlpForward, encodeTensorMap, generateSyntheticBlobs, initMlpWeights, serializeMlpWeights, weightTensors, type MlpShape } from '@corex/compute';
import type { FragmentTask } from '@corex/events';
import { blobBucketName, ensureUploadStream, openEventLog, uploadStreamName, type BlobStore } from '@corex/eventstore';
import { sha256Hex } from '@corex/platform';
import { groupInputBlocks, INPUT_BLOCK_LIMITS } from '@corex/scheduler-domain';
import { ExecutorPool, type ExecutorPoolOptions } from '../apps/node-runner/src/execute/pool/executor-pool';
import { median, result, type BenchResult } from './report';
import { createUser } from '@nats-io/nkeys';

/** The node the executor threads upload results as (into `<prefix>-uploads`). */
const benchNodeKey = createUser();
const BENCH_NODE = { nodeId: benchNodeKey.getPublicKey(), seed: new TextDecoder().decode(benchNodeKey.getSeed()) };

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const FRAGMENTS = 32;
/** Each figure runs the bare sequential baseline for about this long (the others as many fragments), so that this VM's jitter averages out. */
const FIGURE_SECONDS = Number(process.env.NODE_RUNNER_BENCH_SECONDS ?? 0.6);
const ROUNDS = 5;
const THREADS = os.availableParallelism();
const SLOTS = 2 * THREADS;
const TARGET_RATIO = 0.9;
const CASES: Array<{ name: string; shape: MlpShape; rows: number }> = [
  { name: 'penguins_mlp_4_16_3', shape: { inputs: 4, hidden: 16, classes: 3 }, rows: 1_024 },
  { name: 'penguins_mlp_4_16_3', shape: { inputs: 4, hidden: 16, classes: 3 }, rows: 16_384 },
  // The batch the planner gives this model when a job does not set batchRows (2^24 flops of rows).
  { name: 'penguins_mlp_4_16_3', shape: { inputs: 4, hidden: 16, classes: 3 }, rows: 74_899 },
  // More compute per row, per byte of input and output: what the node-runner hashes grows with bytes.
  { name: 'wide_mlp_64_256_10', shape: { inputs: 64, hidden: 256, classes: 10 }, rows: 1_024 },
  { name: 'wide_mlp_64_256_10', shape: { inputs: 64, hidden: 256, classes: 10 }, rows: 8_192 },
  { name: 'dense_mlp_64_1024_10', shape: { inputs: 64, hidden: 1_024, classes: 10 }, rows: 4_096 },
];

interface Fixture {
  graph: Uint8Array;
  weights: Uint8Array;
  /** Each fragment's rows on their own, for the bare runs. */
  batches: Uint8Array[];
  /** The input blocks the planner would store for these fragments (INPUT_BLOCK_LIMITS). */
  blocks: Uint8Array[];
  tasks: FragmentTask[];
}

/** FRAGMENTS adjacent fragments of `rows` rows, their input grouped into blocks as the scheduler plans them. */
function fixture(shape: MlpShape, rows: number): Fixture {
  const data = generateSyntheticBlobs({ rows: rows * FRAGMENTS, features: shape.inputs, classes: shape.classes, seed: 3 });
  const rowsOf = ([start, end]: readonly [number, number]) =>
    encodeTensorMap({ x: { data: data.features.slice(start * shape.inputs, end * shape.inputs), dims: [end - start, shape.inputs] } });
  const graph = buildMlpForward(shape);
  const weights = serializeMlpWeights(initMlpWeights(shape, 5));
  const plans = Array.from({ length: FRAGMENTS }, (_, i) => ({ index: i, rowRange: [i * rows, (i + 1) * rows] as const }));
  const grouped = groupInputBlocks(plans, { bytesPerRow: shape.inputs * 4, ...INPUT_BLOCK_LIMITS });
  const blocks = grouped.map((block) => rowsOf(block.rows));
  const tasks: FragmentTask[] = [];
  grouped.forEach((block, b) => {
    for (const plan of block.fragments) {
      const whole = block.fragments.length === 1;
      tasks[plan.index] = {
        kind: 'inference',
        graphHash: sha256Hex(graph),
        weightsHash: sha256Hex(weights),
        inputHash: sha256Hex(blocks[b]!),
        ...(whole ? {} : { inputRows: [plan.rowRange[0] - block.rows[0], plan.rowRange[1] - block.rows[0]] as [number, number] }),
        auxHash: null,
        outputs: ['probabilities'],
        rows,
      };
    }
  });
  return { graph, weights, batches: plans.map((p) => rowsOf(p.rowRange)), blocks, tasks };
}

/** Runs `total` fragments, `slots` at a time; returns rows per second. */
async function rowsPerSecond(total: number, rows: number, slots: number, runOne: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: slots }, async () => {
      while (next < total) await runOne(next++ % FRAGMENTS);
    }),
  );
  return (total * rows) / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** Bare onnxruntime on `count` worker threads, each running its share of `total` batches; intra-op threads as given, else onnxruntime's default. */
async function bareThreads(f: Fixture, shape: MlpShape, count: number, intraOpThreads?: number) {
  const threads = Array.from(
    { length: count },
    () =>
      new Thread(path.join(__dirname, 'bare-session-thread.cjs'), {
        workerData: { graph: f.graph, weights: weightTensors(initMlpWeights(shape, 5)), batches: f.batches, intraOpThreads },
      }),
  );
  const next = (thread: Thread) => new Promise<unknown>((resolve, reject) => thread.once('message', resolve).once('error', reject));
  await Promise.all(threads.map(next));
  return {
    run: async (total: number, rows: number) => {
      const started = process.hrtime.bigint();
      const share = Math.ceil(total / count);
      await Promise.all(threads.map((thread, t) => {
        const done = next(thread);
        thread.postMessage({ count: share, offset: t * share });
        return done;
      }));
      return (share * count * rows) / (Number(process.hrtime.bigint() - started) / 1e9);
    },
    close: () => Promise.all(threads.map((t) => t.terminate())),
  };
}


async function benchCase(name: string, shape: MlpShape, rows: number, store: BlobStore, bucket: string): Promise<BenchResult[]> {
  const f = fixture(shape, rows);
  const label = `${name}_${rows}_rows`;
  await Promise.all([f.graph, f.weights, ...f.blocks].map((bytes) => store.put(bytes)));
  const logger = pino({ level: 'silent' });
  const pool = async (blobs: ExecutorPoolOptions['blobs']) => {
    const executor = new ExecutorPool({ threads: THREADS, cores: THREADS, executionProvider: 'cpu', blobs, logger });
    await executor.ready();
    return executor;
  };
  // A fresh thread's JIT needs thousands of fragments to settle: with 32, the pool ran the 1,024-row penguins case at 9.5M rows/s, with half the count first 12.7-15.7M.
  const warmUp = (count: number) => Math.max(FRAGMENTS, Math.ceil(count / 2));
  const onPool = (blobs: ExecutorPoolOptions['blobs']) => async (count: number) => {
    const executor = await pool(blobs);
    try {
      await rowsPerSecond(warmUp(count), rows, SLOTS, (i) => executor.execute(f.tasks[i]!));
      return await rowsPerSecond(count, rows, SLOTS, (i) => executor.execute(f.tasks[i]!));
    } finally {
      await executor.close();
    }
  };
  const onBareThreads = (count: number, intraOpThreads?: number) => async (total: number) => {
    const bare = await bareThreads(f, shape, count, intraOpThreads);
    try {
      await bare.run(warmUp(total), rows);
      return await bare.run(total, rows);
    } finally {
      await bare.close();
    }
  };
  /**
   * Each figure is measured with only its own sessions and threads alive, each set up and warmed
   * outside the timing. Measured: while a default-options session (a) was alive in the process
   * (its intra-op thread pinned to a core), the executor pool ran the 16,384-row penguins case at
   * 15M rows/s instead of 22-25M; idle threads of the other set-ups also cost it 15-20% each.
   */
  const measure = {
    sequential: onBareThreads(1),
    side: onBareThreads(THREADS, 1),
    memory: onPool({ kind: 'in-thread-map', blobs: [f.graph, f.weights, ...f.blocks] }),
    store: onPool({ kind: 'nats', url: NATS_URL, bucket, prefix: bucket.replace(/-blobs$/, ''), node: BENCH_NODE }),
  };
  const figures = { sequential: [] as number[], side: [] as number[], memory: [] as number[], store: [] as number[] };
  const total = Math.max(FRAGMENTS, Math.ceil((FIGURE_SECONDS * (await measure.sequential(4 * FRAGMENTS))) / rows));
  // Rounds interleave the four, so that a slow patch of the machine touches all of them; figures are medians.
  for (let r = 0; r < ROUNDS; r++) {
    for (const key of ['sequential', 'side', 'memory', 'store'] as const) figures[key].push(await measure[key](total));
  }
  console.log(`  ${label}: input ${f.batches[0]!.length} bytes per fragment, ${FRAGMENTS} fragments in ${f.blocks.length} block(s), ${total} fragments per figure`);
  const sequential = median(figures.sequential);
  const sideBySide = median(figures.side);
  const memory = median(figures.memory);
  const overStore = median(figures.store);
  return [
    result('node-runner', `${label}_bare_sequential_rows_per_s`, sequential),
    result('node-runner', `${label}_bare_${THREADS}_threads_rows_per_s`, sideBySide, { baseline: sequential }),
    result('node-runner', `${label}_executor_rows_per_s`, memory, { baseline: sequential, target: TARGET_RATIO }),
    result('node-runner', `${label}_executor_vs_bare_${THREADS}_threads_rows_per_s`, memory, { baseline: sideBySide }),
    result('node-runner', `${label}_executor_object_store_rows_per_s`, overStore, { baseline: sequential }),
  ];
}

export async function run(): Promise<BenchResult[]> {
  const suffix = randomBytes(5).toString('hex');
  const log = await openEventLog({ url: NATS_URL, service: 'bench', stream: `BENCH_NR_${suffix}`, prefix: `bench${suffix}` });
  try {
    const store = await log.blobs();
    await ensureUploadStream(log.jsm, log.store.names.prefix);
    const results: BenchResult[] = [];
    const only = process.env.NODE_RUNNER_BENCH_CASES; // e.g. "penguins" or "wide_mlp_64_256_10_1024"
    const cases = CASES.filter(({ name, rows }) => !only || `${name}_${rows}`.includes(only));
    for (const { name, shape, rows } of cases) results.push(...(await benchCase(name, shape, rows, store, blobBucketName(log.store.names.prefix))));
    return results;
  } finally {
    await log.jsm.streams.delete(`OBJ_${blobBucketName(log.store.names.prefix)}`).catch(() => undefined);
    await log.jsm.streams.delete(log.store.names.stream).catch(() => undefined);
    await log.jsm.streams.delete(uploadStreamName(log.store.names.prefix)).catch(() => undefined);
    await log.close();
  }
}
