import pino from 'pino';
import { buildSlowModel } from '../../../../../test/support/slow-model';
import { memoryBlobStore } from '../testing/memory-blob-store';
import { penguinTask, storePenguinBlobs, type PenguinBlobs } from '../testing/penguin-blobs';
import { ExecutorPool } from './executor-pool';

describe('ExecutorPool', () => {
  const blobs = memoryBlobStore();
  let stored: PenguinBlobs;
  let pool: ExecutorPool;

  beforeAll(async () => {
    stored = await storePenguinBlobs(blobs);
  });
  afterEach(async () => {
    await pool?.close();
  });

  it('fails the fragment of an executor thread that died and runs the next ones on its replacement', async () => {
    const slowGraph = await blobs.put(buildSlowModel(4, 256, 400));
    // The thread asks for the graph once it works on the fragment: that is when it is killed.
    let graphAsked!: () => void;
    const working = new Promise<void>((resolve) => (graphAsked = resolve));
    const watched = {
      ...blobs,
      getUnverified: (hash: string) => {
        if (hash === slowGraph) graphAsked();
        return blobs.getUnverified(hash);
      },
    };
    pool = new ExecutorPool({ threads: 1, cores: 1, executionProvider: 'cpu', blobs: watched, logger: pino({ level: 'silent' }) });
    const slow = { ...penguinTask(stored, 'inference'), graphHash: slowGraph, weightsHash: null, outputs: ['score'] };
    const running = pool.execute(slow);
    const thread = (pool as unknown as { threads: Array<{ thread: { terminate(): Promise<number> } }> }).threads[0]!.thread;
    await working;
    await thread.terminate();
    await expect(running).rejects.toThrow(/executor thread exited/);
    const result = await pool.execute(penguinTask(stored, 'inference'));
    expect(await blobs.get(result.resultHash)).not.toBeNull();
    expect(result.rowsProcessed).toBe(96);
  });

  it('refuses work once closed', async () => {
    pool = new ExecutorPool({ threads: 1, cores: 1, executionProvider: 'cpu', blobs, logger: pino({ level: 'silent' }) });
    await pool.close();
    await expect(pool.execute(penguinTask(stored, 'inference'))).rejects.toThrow('the executor pool is closed');
  });
});
