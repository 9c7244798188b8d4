import { createHash, randomBytes } from 'node:crypto';
import { Objm } from '@nats-io/obj';
import pino from 'pino';
import {
  decodeTensorMap,
  encodeTensorMap,
  referenceMlpForward,
  runSession,
  sliceRows,
  weightTensors,
  type TensorData,
  type TensorMap,
} from '@corex/compute';
import { createUser } from '@nats-io/nkeys';
import { blobBucketName, ensureUploadStream, taskBucketName, type BlobStore, type EventLog } from '@corex/eventstore';
import { jobSealingKey, sealBlob, sealedBlobName } from '@corex/node-protocol';
import { disposeTestLog, NATS_URL, openTestLog } from '../../../../test/support/infra';
import { taskSealerFor } from '../../../../test/support/sealed-task';
import type { FragmentTask } from '@corex/events';
import { executeTask, type ExecutionResult } from './execute-task';
import { createExecutorCaches } from './executor-caches';
import { ExecutorPool } from './pool/executor-pool';
import { penguinTask, storePenguinBlobs, type PenguinBlobs } from './testing/penguin-blobs';

function expectClose(actual: TensorData | undefined, expected: TensorData | Float32Array, tolerance = 1e-5): void {
  const expectedData = expected instanceof Float32Array ? expected : expected.data;
  if (!(expected instanceof Float32Array)) expect(actual?.dims).toEqual(expected.dims);
  expect(actual?.data).toBeInstanceOf(Float32Array);
  expect(actual!.data.length).toBe(expectedData.length);
  const worst = (actual!.data as Float32Array).reduce((w, value, i) => Math.max(w, Math.abs(value - Number(expectedData[i]))), 0);
  expect(worst).toBeLessThanOrEqual(tolerance);
}

type Execute = (task: FragmentTask) => Promise<ExecutionResult>;

interface TestExecutor {
  execute: Execute;
  /** The stored result, where this executor stores it. */
  read(sha256: string): Promise<Uint8Array | null>;
  /** Stores `bytes` where this executor reads the blob `sha256` from, as if they were it. */
  plant(sha256: string, bytes: Uint8Array): Promise<void>;
  close(): Promise<void> | void;
}

/**
 * The same fragments run in this thread (storing into the blob store) and on the executor pool's
 * threads, each of which reads the task bucket by direct get (blobs sealed as the scheduler seals
 * them at assignment, for job `job-1`) and uploads its results under the node's id, as a node does.
 */
const executors: Array<[string, (blobs: BlobStore, log: EventLog) => TestExecutor]> = [
  [
    'in this thread',
    (blobs, log) => {
      const caches = createExecutorCaches({ executionProvider: 'cpu', logger: pino({ level: 'silent' }) });
      return {
        execute: (task) => executeTask(task, blobs, { caches }),
        read: (sha256) => blobs.get(sha256),
        plant: async (sha256, bytes) => void (await (await new Objm(log.nc).open(blobBucketName(log.store.names.prefix))).putBlob({ name: sha256 }, bytes)),
        close: () => caches.close(),
      };
    },
  ],
  [
    'on executor threads',
    (_, log) => {
      const secret = randomBytes(32);
      const sealer = taskSealerFor(log, secret);
      const node = createUser();
      const prefix = log.store.names.prefix;
      const auth = { nodeId: node.getPublicKey(), seed: new TextDecoder().decode(node.getSeed()) };
      const blobs = { kind: 'nats', url: NATS_URL, bucket: taskBucketName(prefix), prefix, node: auth } as const;
      const pool = new ExecutorPool({ threads: 2, cores: 2, executionProvider: 'cpu', blobs, logger: pino({ level: 'silent' }) });
      return {
        execute: async (task) => pool.execute(task, await sealer.sealingFor('job-1', task)),
        read: async (sha256) => (await log.uploads()).get(auth.nodeId, sha256),
        plant: async (sha256, bytes) => {
          const key = jobSealingKey(secret, 'job-1');
          await (await log.taskBlobs()).put(sealedBlobName(key, sha256), sealBlob(key, bytes));
        },
        close: () => pool.close(),
      };
    },
  ],
];

describe.each(executors)('executeTask against a real blob store, %s', (_, createExecutor) => {
  let log: EventLog;
  let blobs: BlobStore;
  let stored: PenguinBlobs;
  let executor: ReturnType<(typeof executors)[number][1]>;

  beforeAll(async () => {
    log = await openTestLog('exec', 'exec');
    blobs = await log.blobs();
    stored = await storePenguinBlobs(blobs);
    await ensureUploadStream(log.jsm, log.store.names.prefix);
    executor = createExecutor(blobs, log);
  });
  afterAll(async () => {
    await executor?.close();
    await disposeTestLog(log);
  });

  /** Runs the task and returns its outputs as read back from the blob store under the result hash. */
  async function executeAndReadBack(task: ReturnType<typeof penguinTask>) {
    const result = await executor.execute(task);
    const stored = await executor.read(result.resultHash);
    expect(stored).not.toBeNull();
    return { result, outputs: decodeTensorMap(stored!) };
  }

  const mlpFeeds = (): TensorMap => ({ ...stored.shard, ...weightTensors(stored.weights) });

  it('runs an inference fragment and stores exactly the requested outputs, matching in-process onnxruntime and the JS reference', async () => {
    const { result, outputs } = await executeAndReadBack(penguinTask(stored, 'inference'));
    expect(Object.keys(outputs)).toEqual(['probabilities']);
    const expected = await runSession(stored.graphs.inference, { x: stored.shard.x, ...weightTensors(stored.weights) });
    expectClose(outputs.probabilities, expected.probabilities!);
    expectClose(outputs.probabilities, referenceMlpForward(stored.weights, stored.shard.x.data as Float32Array, 96).probabilities);
    expect(result).toMatchObject({ rowsProcessed: 96, metrics: { rows: 96 }, executionProvider: 'cpu' });
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it('runs a gradient fragment and reports the graph loss as a metric', async () => {
    const { result, outputs } = await executeAndReadBack(penguinTask(stored, 'gradient'));
    const expected = await runSession(stored.graphs.gradient, mlpFeeds());
    expect(Object.keys(outputs)).toEqual(['dW1', 'db1', 'dW2', 'db2']);
    for (const name of ['dW1', 'db1', 'dW2', 'db2']) expectClose(outputs[name], expected[name]!);
    expect(result.metrics.rows).toBe(96);
    expect(Math.abs(result.metrics.loss! - Number(expected.loss!.data[0]))).toBeLessThanOrEqual(1e-5);
    expect(result.metrics.loss).toBeGreaterThan(0);
  });

  it('runs a feature-extraction fragment with only the first layer of the weights', async () => {
    const { outputs } = await executeAndReadBack(penguinTask(stored, 'feature-extraction'));
    const expected = await runSession(stored.graphs['feature-extraction'], { x: stored.shard.x, W1: mlpFeeds().W1!, b1: mlpFeeds().b1! });
    expectClose(outputs.embeddings, expected.embeddings!);
    expectClose(outputs.embeddings, referenceMlpForward(stored.weights, stored.shard.x.data as Float32Array, 96).hidden);
  });

  it('runs a preprocessing fragment fed with mean and std from the aux blob', async () => {
    const { outputs } = await executeAndReadBack(penguinTask(stored, 'preprocessing'));
    const width = stored.stats.mean.length;
    const aux = { mean: { data: stored.stats.mean, dims: [width] }, std: { data: stored.stats.std, dims: [width] } };
    const expected = await runSession(stored.graphs.preprocessing, { x: stored.raw.x, ...aux });
    expectClose(outputs.y, expected.y!);
    expectClose(outputs.y, stored.shard.x, 1e-4);
  });

  it('runs fragments that read rows of a shared input block like fragments with inputs of their own', async () => {
    const whole = penguinTask(stored, 'gradient');
    const ranges: Array<[number, number]> = [[0, 40], [40, 96], [10, 11]];
    for (const inputRows of ranges) {
      const rows = inputRows[1] - inputRows[0];
      const { result, outputs } = await executeAndReadBack({ ...whole, inputRows, rows });
      const own = { x: sliceRows(stored.shard, inputRows).x!, y: sliceRows(stored.shard, inputRows).y! };
      const expected = await runSession(stored.graphs.gradient, { ...own, ...weightTensors(stored.weights) });
      for (const name of ['dW1', 'db1', 'dW2', 'db2']) expectClose(outputs[name], expected[name]!);
      expect(result.rowsProcessed).toBe(rows);
    }
  });

  it('refuses input rows the block does not have', async () => {
    const task = { ...penguinTask(stored, 'inference'), inputRows: [90, 97] as [number, number], rows: 7 };
    await expect(executor.execute(task)).rejects.toMatchObject({ code: 'RUNNER.INPUT_ROWS_INVALID' });
  });

  it('refuses a task whose input blob is not in the store, naming the blob', async () => {
    const missing = createHash('sha256').update('never stored').digest('hex');
    const task = { ...penguinTask(stored, 'inference'), inputHash: missing };
    await expect(executor.execute(task)).rejects.toMatchObject({
      code: 'RUNNER.BLOB_MISSING',
      message: `input blob ${missing} is not in the blob store`,
    });
  });

  it('refuses a task whose graph blob is missing', async () => {
    const task = { ...penguinTask(stored, 'inference'), graphHash: 'f'.repeat(64) };
    await expect(executor.execute(task)).rejects.toMatchObject({ code: 'RUNNER.BLOB_MISSING', details: { role: 'graph' } });
  });

  it('refuses a blob whose bytes do not hash to the name it is stored under', async () => {
    const wrongName = createHash('sha256').update('another blob').digest('hex');
    await executor.plant(wrongName, encodeTensorMap(stored.shard));
    const task = { ...penguinTask(stored, 'inference'), inputHash: wrongName };
    await expect(executor.execute(task)).rejects.toMatchObject({ code: 'RUNNER.BLOB_CORRUPT', details: { role: 'input' } });
  });

  it('refuses a task asking for an output the graph does not have', async () => {
    const task = { ...penguinTask(stored, 'inference'), outputs: ['probabilities', 'attention'] };
    await expect(executor.execute(task)).rejects.toMatchObject({ code: 'RUNNER.OUTPUT_UNKNOWN' });
  });

  it('refuses a task whose graph needs a feed the task does not provide', async () => {
    const task = { ...penguinTask(stored, 'inference'), weightsHash: null };
    await expect(executor.execute(task)).rejects.toMatchObject({
      code: 'RUNNER.GRAPH_INPUT_UNFED',
      details: { missing: ['W1', 'b1', 'W2', 'b2'] },
    });
  });
});
