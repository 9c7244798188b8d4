import type { Worker as Thread } from 'node:worker_threads';
import pino from 'pino';
import { createUser } from '@nats-io/nkeys';
import { ensureUploadStream, taskBucketName, type BlobStore, type EventLog } from '@corex/eventstore';
import type { FragmentTask } from '@corex/events';
import { buildSlowModel } from '../../../../../test/support/slow-model';
import { disposeTestLog, NATS_URL, openTestLog } from '../../../../../test/support/infra';
import { sealTask } from '../../../../../test/support/sealed-task';
import { penguinTask, storePenguinBlobs, type PenguinBlobs } from '../testing/penguin-blobs';
import { executeTask } from '../execute-task';
import { createExecutorCaches } from '../executor-caches';
import { ExecutorPool } from './executor-pool';

describe('ExecutorPool', () => {
  const logger = pino({ level: 'silent' });
  let log: EventLog;
  let blobs: BlobStore;
  let bucket: string;
  let stored: PenguinBlobs;
  let pool: ExecutorPool | undefined;
  const node = createUser();
  const auth = { nodeId: node.getPublicKey(), seed: new TextDecoder().decode(node.getSeed()) };
  /** The node's blob access: reads sealed task blobs from `bucket`, uploads under its id. */
  const overNats = (bucket: string) => ({ kind: 'nats', url: NATS_URL, bucket, prefix: log.store.names.prefix, node: auth }) as const;

  beforeAll(async () => {
    log = await openTestLog('pool', 'pool');
    blobs = await log.blobs();
    bucket = taskBucketName(log.store.names.prefix);
    stored = await storePenguinBlobs(blobs);
    await ensureUploadStream(log.jsm, log.store.names.prefix);
  });
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });
  afterAll(async () => disposeTestLog(log));
  const threadsOf = (p: ExecutorPool) => (p as unknown as { threads: Array<{ thread: Thread }> }).threads;
  /** Runs a task as an assignment of job `job-1` would bring it: its blobs sealed. */
  const execute = async (task: FragmentTask) => pool!.execute(task, await sealTask(log, 'job-1', task));

  it('fails the fragment of an executor thread that died and runs the next ones on its replacement', async () => {
    const slowGraph = await blobs.put(buildSlowModel(4, 256, 400));
    const slow = { ...penguinTask(stored, 'inference'), graphHash: slowGraph, weightsHash: null, outputs: ['score'] };
    const sealing = await sealTask(log, 'job-1', slow);
    // The thread reads the sealed graph's metadata (by direct get on its object store subject,
    // NATS ADR-20) once it works on the fragment: that is when it is killed.
    const metaSubject = `$O.${bucket}.M.${Buffer.from(sealing.blobs[slowGraph]!).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;
    const asked = log.nc.subscribe(`$JS.API.DIRECT.GET.OBJ_${bucket}.${metaSubject}`, { max: 1 });
    await log.nc.flush();
    pool = new ExecutorPool({ threads: 1, cores: 1, executionProvider: 'cpu', blobs: overNats(bucket), logger });
    await pool.ready();
    const running = pool.execute(slow, sealing);
    for await (const _ of asked) break;
    const thread = threadsOf(pool)[0]!.thread;
    await thread.terminate();
    await expect(running).rejects.toThrow(/executor thread exited/);
    const result = await execute(penguinTask(stored, 'inference'));
    expect(await (await log.uploads()).get(auth.nodeId, result.resultHash)).not.toBeNull();
    expect(result.rowsProcessed).toBe(96);
  });

  it('says when its threads cannot open the blob store, and fails the fragments sent to them with that reason', async () => {
    pool = new ExecutorPool({ threads: 2, cores: 2, executionProvider: 'cpu', blobs: overNats('no spaces allowed'), logger });
    await expect(pool.ready()).rejects.toThrow(/bucket/i);
    await expect(execute(penguinTask(stored, 'inference'))).rejects.toThrow(/bucket/i);
  });

  it('runs fragments on blobs each thread holds in a map of its own, as over the blob store', async () => {
    const task = penguinTask(stored, 'inference');
    const caches = createExecutorCaches({ executionProvider: 'cpu', logger });
    const inProcess = await executeTask(task, blobs, { caches }).finally(() => caches.close());
    const held = await Promise.all([task.graphHash, task.weightsHash!, task.inputHash].map((hash) => blobs.get(hash)));
    pool = new ExecutorPool({ threads: 2, cores: 2, executionProvider: 'cpu', blobs: { kind: 'in-thread-map', blobs: held.map((b) => b!) }, logger });
    await pool.ready();
    const results = await Promise.all([1, 2, 3, 4].map(() => pool!.execute(task)));
    expect(results.map((r) => r.resultHash)).toEqual(Array(4).fill(inProcess.resultHash));
  });

  it('closed with long fragments queued, answers them all and its threads end by themselves, never terminated inside onnxruntime', async () => {
    const slowGraph = await blobs.put(buildSlowModel(4, 256, 400));
    const slow = { ...penguinTask(stored, 'inference'), graphHash: slowGraph, weightsHash: null, outputs: ['score'] };
    const sealing = await sealTask(log, 'job-1', slow);
    pool = new ExecutorPool({ threads: 2, cores: 2, executionProvider: 'cpu', blobs: overNats(bucket), logger });
    const exitCodes = threadsOf(pool).map((t) => new Promise<number>((resolve) => t.thread.once('exit', resolve)));
    const runs = [1, 2, 3, 4].map(() => pool!.execute(slow, sealing));
    await pool.close();
    const results = await Promise.all(runs);
    expect(results.map((r) => r.rowsProcessed)).toEqual([96, 96, 96, 96]);
    expect(new Set(results.map((r) => r.resultHash)).size).toBe(1);
    // A thread that ends by itself exits with 0; worker.terminate() would make it 1.
    expect(await Promise.all(exitCodes)).toEqual([0, 0]);
  });

  it('terminates, once closing has waited its bound, a thread with nothing running that waits for its first NATS connection', async () => {
    pool = new ExecutorPool({ threads: 1, cores: 1, executionProvider: 'cpu', blobs: { ...overNats(bucket), url: 'nats://127.0.0.1:1' }, logger });
    const exitCode = new Promise<number>((resolve) => threadsOf(pool!)[0]!.thread.once('exit', resolve));
    await pool.close(1_000);
    expect(await exitCode).toBe(1);
  });

  it('refuses work once closed', async () => {
    pool = new ExecutorPool({ threads: 1, cores: 1, executionProvider: 'cpu', blobs: overNats(bucket), logger });
    await pool.close();
    await expect(execute(penguinTask(stored, 'inference'))).rejects.toThrow('the executor pool is closed');
  });
});
