import path from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import type { FragmentTask } from '@corex/events';
import type { TaskSealing } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import type { ExecutionResult } from '../execute-task';
import type { FederatedContext } from '../federated/execute-federated';
import { INPUT_BLOCKS_CACHED } from '../executor-caches';
import type { ExecutorBlobSource } from './thread-blob-access';
import { ThreadRaisedError, type ExecutorThreadData, type FromThread, type ToThread } from './thread-messages';

export interface ExecutorPoolOptions {
  /** Executor threads: fragments that run at the same time. */
  threads: number;
  /** Cores onnxruntime may use in all; each thread's sessions get an equal share (at least one). */
  cores: number;
  executionProvider: string;
  /** Where the threads fetch inputs and store outputs, each over its own connection. */
  blobs: ExecutorBlobSource;
  /** The node's home and id: federated phases read its keys and private datasets there. */
  federation?: FederatedContext;
  logger: Logger;
}

interface Running {
  resolve(result: ExecutionResult): void;
  reject(err: Error): void;
}

interface ExecutorThread {
  thread: Thread;
  running: Map<number, Running>;
  /** Input blocks of fragments last sent to this thread, most recent last: its executor caches them. */
  blocks: string[];
  /** Settles when the thread has opened its blob access, or failed to. */
  opened: Promise<void>;
  settleOpened(error?: Error): void;
  /** Settles once the thread has exited. */
  exited: Promise<void>;
}

/**
 * Runs fragments on executor threads, one onnxruntime session run per thread at a time. Each
 * thread fetches its fragments' blobs and stores their outputs itself, so neither the bytes nor
 * their hashing touch this thread, which stays free for the scheduler's messages. On a small
 * MLP, a session with one intra-op thread runs as fast as one with all cores (measured on 2
 * cores), so cores are better spent on fragments side by side.
 */
export class ExecutorPool {
  private nextId = 1;
  private readonly threads: ExecutorThread[];
  private closed = false;
  private closing?: Promise<void>;

  constructor(private readonly options: ExecutorPoolOptions) {
    this.threads = Array.from({ length: Math.max(1, options.threads) }, () => this.spawn());
  }

  /** Resolves once every thread can reach the blob store; rejects with the first thread's reason when one cannot. */
  async ready(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.opened));
  }

  /** Runs a fragment on the least busy thread, its blobs read through the assignment's `sealing`; resolves once its outputs are stored. */
  async execute(task: FragmentTask, sealing?: TaskSealing): Promise<ExecutionResult> {
    if (this.closed) throw new Error('the executor pool is closed');
    const target = this.pickThread(task);
    if (task.inputRows) target.blocks = [...target.blocks.filter((h) => h !== task.inputHash), task.inputHash].slice(-INPUT_BLOCKS_CACHED);
    const id = this.nextId++;
    return new Promise<ExecutionResult>((resolve, reject) => {
      target.running.set(id, { resolve, reject });
      target.thread.postMessage({ type: 'run', id, task, sealing } satisfies ToThread);
    });
  }

  /** The least busy thread; among those, one that holds the task's input block. */
  private pickThread(task: FragmentTask): ExecutorThread {
    const least = Math.min(...this.threads.map((t) => t.running.size));
    const idle = this.threads.filter((t) => t.running.size === least);
    return idle.find((t) => task.inputRows !== undefined && t.blocks.includes(task.inputHash)) ?? idle[0]!;
  }

  /** Hands every thread the node's renewed NATS user; threads started later get it with their data. */
  renewNatsUser(jwt: string): void {
    if (this.options.blobs.kind === 'nats') this.options.blobs.node.jwt = jwt;
    for (const t of this.threads) t.thread.postMessage({ type: 'nats-user', jwt } satisfies ToThread);
  }

  /**
   * Ends the threads once they have answered the fragments sent to them, each by itself. Not
   * worker.terminate(): ending a thread while onnxruntime runs a session in it aborts the whole
   * process ("terminate called after throwing an instance of 'Napi::Error'", seen in CI).
   * A thread not gone after `waitMs` is terminated only when nothing runs in it (it waits on its
   * blob store connection: one still waiting for its first connect never ends); one that still
   * runs a fragment is let go, no longer keeping the process up.
   */
  async close(waitMs = 30_000): Promise<void> {
    this.closed = true;
    this.closing ??= Promise.all(this.threads.map((t) => this.closeThread(t, waitMs))).then(() => undefined);
    await this.closing;
  }

  private async closeThread(entry: ExecutorThread, waitMs: number): Promise<void> {
    entry.thread.postMessage({ type: 'close' } satisfies ToThread);
    let timer: NodeJS.Timeout | undefined;
    const gone = await Promise.race([entry.exited.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)))]);
    clearTimeout(timer);
    if (gone) return;
    if (entry.running.size === 0) {
      await entry.thread.terminate();
      return;
    }
    this.options.logger.warn({ running: entry.running.size, waitMs }, 'executor thread still runs fragments after closing; let go, not cut off');
    entry.thread.unref();
  }

  private spawn(): ExecutorThread {
    const data: ExecutorThreadData = {
      executionProvider: this.options.executionProvider,
      intraOpThreads: Math.max(1, Math.floor(this.options.cores / Math.max(1, this.options.threads))),
      blobs: this.options.blobs,
      federation: this.options.federation,
    };
    const thread = new Thread(path.join(__dirname, 'executor-thread.entry.cjs'), { workerData: data });
    let settleOpened!: (error?: Error) => void;
    const opened = new Promise<void>((resolve, reject) => (settleOpened = (error) => (error ? reject(error) : resolve())));
    opened.catch(() => undefined); // also reported by each fragment the thread fails
    const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
    const entry: ExecutorThread = { thread, running: new Map(), blocks: [], opened, settleOpened, exited };
    thread.on('message', (message: FromThread) => this.onMessage(entry, message));
    thread.on('error', (err) => this.onExit(entry, err));
    thread.on('exit', (code) => this.onExit(entry, new Error(`executor thread exited with code ${code}`)));
    return entry;
  }

  private onMessage(entry: ExecutorThread, message: FromThread): void {
    if (message.type === 'opened') return entry.settleOpened(message.error && new ThreadRaisedError(message.error));
    const running = entry.running.get(message.id);
    entry.running.delete(message.id);
    if (message.type === 'failed') running?.reject(new ThreadRaisedError(message.error));
    else running?.resolve(message.result);
  }

  /** A thread that died fails what it was running and is replaced, unless the pool is closing. */
  private onExit(entry: ExecutorThread, err: Error): void {
    const index = this.threads.indexOf(entry);
    if (index < 0) return;
    entry.settleOpened(err);
    for (const running of entry.running.values()) running.reject(err);
    entry.running.clear();
    if (this.closed) return;
    this.options.logger.error({ err: err.message }, 'executor thread died; starting another');
    this.threads[index] = this.spawn();
  }
}
