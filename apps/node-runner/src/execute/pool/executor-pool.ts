import path from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import type { FragmentTask } from '@corex/events';
import type { BlobStore } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import type { ExecutionResult } from '../execute-task';
import { INPUT_BLOCKS_CACHED } from '../executor-caches';
import { ThreadRaisedError, toThreadError, transferable, type ExecutorThreadData, type FromThread, type ToThread } from './thread-messages';

export interface ExecutorPoolOptions {
  /** Executor threads: fragments that run at the same time. */
  threads: number;
  /** Cores onnxruntime may use in all; each thread's sessions get an equal share (at least one). */
  cores: number;
  executionProvider: string;
  blobs: Pick<BlobStore, 'getUnverified' | 'put'>;
  logger: Logger;
}

interface Running {
  resolve(result: ExecutionResult): void;
  reject(err: Error): void;
}

interface ExecutorThread {
  thread: Thread;
  running: Map<number, Running>;
  /** Input blocks last sent to this thread, most recent last: its executor caches them. */
  blocks: string[];
}

/**
 * Runs fragments on executor threads, one onnxruntime session run per thread at a time, so this
 * thread stays free for the network: blobs for the next fragments are fetched and results stored
 * while others compute. On a small MLP, a session with one intra-op thread runs as fast as one
 * with all cores (measured on 2 cores), so cores are better spent on fragments side by side.
 */
export class ExecutorPool {
  private nextId = 1;
  private readonly threads: ExecutorThread[];
  private closed = false;

  constructor(private readonly options: ExecutorPoolOptions) {
    this.threads = Array.from({ length: Math.max(1, options.threads) }, () => this.spawn());
  }

  /**
   * Runs a fragment on the least busy thread. Its input is fetched first, here, so that a thread
   * finishing one fragment starts the next without a round trip; the thread verifies it.
   */
  async execute(task: FragmentTask): Promise<ExecutionResult> {
    if (this.closed) throw new Error('the executor pool is closed');
    let target = this.pickThread(task);
    const holdsBlock = task.inputRows !== undefined && target.blocks.includes(task.inputHash);
    // A failed fetch is not an answer: the thread asks again, and reports what it gets.
    const fetched = holdsBlock ? null : await this.options.blobs.getUnverified(task.inputHash).catch(() => null);
    if (this.closed) throw new Error('the executor pool is closed');
    // The thread died while the input was fetched: its replacement takes the fragment.
    if (!this.threads.includes(target)) target = this.pickThread(task);
    const input = fetched && transferable(fetched);
    if (task.inputRows && !holdsBlock) target.blocks = [...target.blocks.filter((h) => h !== task.inputHash), task.inputHash].slice(-INPUT_BLOCKS_CACHED);
    const id = this.nextId++;
    return new Promise<ExecutionResult>((resolve, reject) => {
      target.running.set(id, { resolve, reject });
      target.thread.postMessage({ type: 'run', id, task, input } satisfies ToThread, input ? [input.buffer as ArrayBuffer] : []);
    });
  }

  /** The least busy thread; among those, one that holds the task's input block. */
  private pickThread(task: FragmentTask): ExecutorThread {
    const least = Math.min(...this.threads.map((t) => t.running.size));
    const idle = this.threads.filter((t) => t.running.size === least);
    return idle.find((t) => task.inputRows !== undefined && t.blocks.includes(task.inputHash)) ?? idle[0]!;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.thread.terminate()));
  }

  private spawn(): ExecutorThread {
    const data: ExecutorThreadData = {
      executionProvider: this.options.executionProvider,
      intraOpThreads: Math.max(1, Math.floor(this.options.cores / Math.max(1, this.options.threads))),
    };
    const thread = new Thread(path.join(__dirname, 'executor-thread.entry.cjs'), { workerData: data });
    const entry: ExecutorThread = { thread, running: new Map(), blocks: [] };
    thread.on('message', (message: FromThread) => this.onMessage(entry, message));
    thread.on('error', (err) => this.onExit(entry, err));
    thread.on('exit', (code) => this.onExit(entry, new Error(`executor thread exited with code ${code}`)));
    return entry;
  }

  private onMessage(entry: ExecutorThread, message: FromThread): void {
    switch (message.type) {
      case 'done':
      case 'failed': {
        const running = entry.running.get(message.id);
        entry.running.delete(message.id);
        if (message.type === 'failed') running?.reject(new ThreadRaisedError(message.error));
        else {
          Promise.all(message.produced.map(({ bytes, sha256 }) => this.options.blobs.put(bytes, sha256))).then(
            () => running?.resolve(message.result),
            (err: Error) => running?.reject(err),
          );
        }
        return;
      }
      case 'get':
        this.options.blobs.getUnverified(message.sha256).then(
          (found) => {
            const bytes = found && transferable(found);
            entry.thread.postMessage({ type: 'blob', id: message.id, bytes } satisfies ToThread, bytes ? [bytes.buffer as ArrayBuffer] : []);
          },
          (err: unknown) => entry.thread.postMessage({ type: 'blob-failed', id: message.id, error: toThreadError(err) } satisfies ToThread),
        );
        return;
    }
  }

  /** A thread that died fails what it was running and is replaced, unless the pool is closing. */
  private onExit(entry: ExecutorThread, err: Error): void {
    const index = this.threads.indexOf(entry);
    if (index < 0) return;
    for (const running of entry.running.values()) running.reject(err);
    entry.running.clear();
    if (this.closed) return;
    this.options.logger.error({ err: err.message }, 'executor thread died; starting another');
    this.threads[index] = this.spawn();
  }
}
