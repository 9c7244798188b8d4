import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FragmentTask } from '@corex/events';
import { runFragmentTask, TaskBlobMissingError, type FragmentRun, type FragmentRunOptions, type TaskBlobReader } from './run-fragment-task';

/** A request to the thread: the task, the bytes of every blob it names, and the run's options. */
export interface FragmentThreadRequest {
  id: number;
  task: FragmentTask;
  blobs: Record<string, Uint8Array>;
  options: FragmentRunOptions;
}

/** Asks the thread to exit after answering the requests before it. */
export interface FragmentThreadClose {
  close: true;
}

export type FragmentThreadReply = { id: number; ok: true; run: FragmentRun } | { id: number; ok: false; message: string; missing?: boolean };

/** The blobs a task names: graph, weights, input, aux. */
const namedBlobs = (task: FragmentTask) => [task.graphHash, task.weightsHash, task.inputHash, task.auxHash].filter((h): h is string => !!h);

/**
 * Runs fragments' tasks (runFragmentTask) on one worker thread. onnxruntime-node runs a session
 * synchronously on the calling thread, so a recompute in the main thread holds its event loop for
 * as long as the model takes (20 s measured for a heavy model under load): requests time out and
 * timings taken meanwhile (a challenge answer's arrival) are wrong. The blobs are read here, over
 * the main thread's connections, and sent with the task; the outputs come back as plain arrays.
 */
export class FragmentThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(run: FragmentRun): void; reject(err: Error): void }>();

  async run(task: FragmentTask, blobs: TaskBlobReader, options: FragmentRunOptions = {}): Promise<FragmentRun> {
    const bytes: Record<string, Uint8Array> = {};
    for (const hash of namedBlobs(task)) {
      const blob = await blobs.get(hash);
      if (blob) bytes[hash] = blob;
    }
    const id = this.nextId++;
    const worker = this.started();
    return new Promise<FragmentRun>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, task, blobs: bytes, options } satisfies FragmentThreadRequest);
    });
  }

  /**
   * Ends the thread once it has answered what it was sent. Not worker.terminate(): ending a thread
   * while onnxruntime runs a session in it aborts the whole process (a native exception with
   * nowhere to go, seen in CI as "terminate called after throwing an instance of 'Napi::Error'").
   * Waits at most `waitMs` for the thread to finish; an unfinished one never keeps the process up.
   */
  async close(waitMs = 30_000): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ close: true } satisfies FragmentThreadClose);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs).unref()))]);
    clearTimeout(timer);
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(path.join(__dirname, 'fragment-thread.entry.cjs'));
    worker.unref(); // an idle checker never keeps its process alive
    worker.on('message', (reply: FragmentThreadReply) => this.settle(reply));
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      this.failAll(new Error(`fragment thread exited (code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private settle(reply: FragmentThreadReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.run);
    else waiting.reject(reply.missing ? new TaskBlobMissingError('COMPUTE.BLOB_MISSING', reply.message) : new Error(reply.message));
  }

  private failAll(err: Error): void {
    for (const [id, waiting] of this.pending) {
      this.pending.delete(id);
      waiting.reject(err);
    }
  }
}

/** The thread's side: runs each request with a reader over the bytes it was sent. */
export async function answerFragmentRequest(request: FragmentThreadRequest): Promise<FragmentThreadReply> {
  const reader: TaskBlobReader = { get: async (hash) => request.blobs[hash] ?? null };
  try {
    return { id: request.id, ok: true, run: await runFragmentTask(request.task, reader, request.options) };
  } catch (err) {
    return { id: request.id, ok: false, message: (err as Error).message, missing: err instanceof TaskBlobMissingError };
  }
}
