/**
 * Node-runner executor throughput on MLP inference fragments (1,024 rows each, output
 * `probabilities`), beside bare onnxruntime-node `session.run` on the same batches:
 *  (a) bare: one CPU session with the executor's session options, weights and every batch
 *      already onnxruntime tensors (also reported with onnxruntime's default options);
 *  (b) executeTask, blobs in memory: what the executor adds per fragment besides the network
 *      (decode the input map, build feeds, select and encode outputs, sha256 of the output),
 *      sessions and weights cached as in steady state;
 *  (c) executeTask on the real object store (unique prefix): (b) plus fetching the input blob
 *      and storing the output blob over NATS, one fragment at a time and SLOTS at a time.
 * Target: b / a >= 0.9. (c) is reported against (a) for information: see docs/node-protocol.md.
 */
import { randomBytes } from 'node:crypto';
import { InferenceSession } from 'onnxruntime-node';
import pino from 'pino';
import { buildMlpForward, decodeTensorMap, encodeTensorMap, generateSyntheticBlobs, initMlpWeights, serializeMlpWeights, weightTensors, type MlpShape } from '@corex/compute';
import type { FragmentTask } from '@corex/events';
import { blobBucketName, openEventLog } from '@corex/eventstore';
import { sha256Hex } from '@corex/platform';
import { executeTask } from '../apps/node-runner/src/execute/execute-task';
import { createExecutorCaches } from '../apps/node-runner/src/execute/executor-caches';
import { executorSessionOptions } from '../apps/node-runner/src/execute/graph-sessions';
import type { BlobAccess } from '../apps/node-runner/src/execute/fetch-blob';
import { toOrtTensors } from '../apps/node-runner/src/execute/ort-tensors';
import { result, type BenchResult } from './report';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const ROWS = 1_024;
const FRAGMENTS = 64;
/** In-process passes over the fragments per round: one pass of the small MLPs is only milliseconds. */
const PASSES = 20;
const ROUNDS = 5;
const SLOTS = 2;
const TARGET_RATIO = 0.9;
const MODELS: Array<{ name: string; shape: MlpShape }> = [
  { name: 'penguins_mlp_4_16_3', shape: { inputs: 4, hidden: 16, classes: 3 } },
  { name: 'blobs_mlp_8_32_4', shape: { inputs: 8, hidden: 32, classes: 4 } },
  // Compute per row like a real tabular model: the per-fragment bookkeeping no longer dominates.
  { name: 'wide_mlp_64_256_10', shape: { inputs: 64, hidden: 256, classes: 10 } },
];

interface Fixture {
  graph: Uint8Array;
  weights: Uint8Array;
  batches: Uint8Array[];
  tasks: FragmentTask[];
}

function fixture(shape: MlpShape): Fixture {
  const data = generateSyntheticBlobs({ rows: ROWS * FRAGMENTS, features: shape.inputs, classes: shape.classes, seed: 3 });
  const graph = buildMlpForward(shape);
  const weights = serializeMlpWeights(initMlpWeights(shape, 5));
  const batches = Array.from({ length: FRAGMENTS }, (_, i) =>
    encodeTensorMap({ x: { data: data.features.slice(i * ROWS * shape.inputs, (i + 1) * ROWS * shape.inputs), dims: [ROWS, shape.inputs] } }),
  );
  const tasks = batches.map((batch) => ({
    kind: 'inference' as const,
    graphHash: sha256Hex(graph),
    weightsHash: sha256Hex(weights),
    inputHash: sha256Hex(batch),
    auxHash: null,
    outputs: ['probabilities'],
    rows: ROWS,
  }));
  return { graph, weights, batches, tasks };
}

/** Blobs kept in a Map: the executor's work without the network. */
function memoryBlobs(f: Fixture): BlobAccess {
  const stored = new Map([f.graph, f.weights, ...f.batches].map((bytes) => [sha256Hex(bytes), bytes]));
  return {
    get: async (hash) => stored.get(hash) ?? null,
    put: async (bytes) => sha256Hex(bytes),
  };
}

/** Runs `passes` × FRAGMENTS fragments, `slots` at a time; returns rows per second. */
async function rowsPerSecond(passes: number, slots: number, runOne: (i: number) => Promise<unknown>): Promise<number> {
  const total = passes * FRAGMENTS;
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: slots }, async () => {
      while (next < total) await runOne(next++ % FRAGMENTS);
    }),
  );
  return (total * ROWS) / (Number(process.hrtime.bigint() - started) / 1e9);
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

async function benchModel(name: string, shape: MlpShape, store: BlobAccess): Promise<BenchResult[]> {
  const f = fixture(shape);
  await Promise.all([f.graph, f.weights, ...f.batches].map((bytes) => store.put(bytes)));
  // The executor's session options (no spinning of idle pool threads), so only the per-fragment work differs.
  const session = await InferenceSession.create(f.graph, { ...executorSessionOptions, executionProviders: ['cpu'] });
  const weightFeeds = toOrtTensors(weightTensors(initMlpWeights(shape, 5)));
  const bareFeeds = f.batches.map((bytes) => ({ ...weightFeeds, ...toOrtTensors(decodeTensorMap(bytes)) }));
  const logger = pino({ level: 'silent' });
  const memory = memoryBlobs(f);
  const caches = createExecutorCaches({ executionProvider: 'cpu', logger });
  // Warm: load sessions and weights, let onnxruntime and V8 settle.
  await rowsPerSecond(PASSES, 1, (i) => session.run(bareFeeds[i]!, ['probabilities']));
  await rowsPerSecond(PASSES, 1, (i) => executeTask(f.tasks[i]!, memory, { caches }));
  console.log(`  ${name}: ${ROWS} rows per fragment, input ${f.batches[0]!.length} bytes`);
  const figures = { bareDefault: [] as number[], bare: [] as number[], memory: [] as number[], store: [] as number[], storeSlots: [] as number[] };
  // In-process figures first: object-store rounds leave garbage behind that the next GC pays for.
  for (let r = 0; r < ROUNDS; r++) {
    figures.bare.push(await rowsPerSecond(PASSES, 1, (i) => session.run(bareFeeds[i]!, ['probabilities'])));
    figures.memory.push(await rowsPerSecond(PASSES, 1, (i) => executeTask(f.tasks[i]!, memory, { caches })));
  }
  for (let r = 0; r < ROUNDS; r++) {
    figures.store.push(await rowsPerSecond(1, 1, (i) => executeTask(f.tasks[i]!, store, { caches })));
    figures.storeSlots.push(await rowsPerSecond(1, SLOTS, (i) => executeTask(f.tasks[i]!, store, { caches })));
  }
  await session.release();
  caches.close();
  // Last, alone: a session with onnxruntime's default (spinning) pool slows any other session running beside it.
  const defaultSession = await InferenceSession.create(f.graph, { executionProviders: ['cpu'] });
  await rowsPerSecond(PASSES, 1, (i) => defaultSession.run(bareFeeds[i]!, ['probabilities']));
  for (let r = 0; r < ROUNDS; r++) figures.bareDefault.push(await rowsPerSecond(PASSES, 1, (i) => defaultSession.run(bareFeeds[i]!, ['probabilities'])));
  await defaultSession.release();
  const bare = median(figures.bare);
  return [
    result('node-runner', `${name}_bare_session_run_default_options_rows_per_s`, median(figures.bareDefault)),
    result('node-runner', `${name}_bare_session_run_rows_per_s`, bare),
    result('node-runner', `${name}_executor_rows_per_s`, median(figures.memory), { baseline: bare, target: TARGET_RATIO }),
    result('node-runner', `${name}_executor_object_store_rows_per_s`, median(figures.store), { baseline: bare }),
    result('node-runner', `${name}_executor_object_store_${SLOTS}_slots_rows_per_s`, median(figures.storeSlots), { baseline: bare }),
  ];
}

export async function run(): Promise<BenchResult[]> {
  const suffix = randomBytes(5).toString('hex');
  const log = await openEventLog({ url: NATS_URL, service: 'bench', stream: `BENCH_NR_${suffix}`, prefix: `bench${suffix}` });
  try {
    const store = await log.blobs();
    const results: BenchResult[] = [];
    for (const { name, shape } of MODELS) results.push(...(await benchModel(name, shape, store)));
    return results;
  } finally {
    await log.jsm.streams.delete(`OBJ_${blobBucketName(log.store.names.prefix)}`).catch(() => undefined);
    await log.jsm.streams.delete(log.store.names.stream).catch(() => undefined);
    await log.close();
  }
}
