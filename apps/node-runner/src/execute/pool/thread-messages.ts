import type { FragmentTask } from '@corex/events';
import type { TaskSealing } from '@corex/node-protocol';
import type { ExecutionResult } from '../execute-task';
import type { FederatedContext } from '../federated/execute-federated';
import type { NatsUserRenewed } from '../../nats/node-connection';
import type { ExecutorBlobSource } from './thread-blob-access';

/** What an executor thread is started with. */
export interface ExecutorThreadData {
  executionProvider: string;
  /** onnxruntime intra-op threads per session: the node's cores shared among its executor threads. */
  intraOpThreads: number;
  blobs: ExecutorBlobSource;
  /** The node's home and id, for federated phases (absent: the thread refuses them). */
  federation?: FederatedContext;
}

/** A coded error, as it crosses between threads (the class does not survive structured clone). */
export interface ThreadError {
  name: string;
  message: string;
  code?: string;
  details?: Record<string, unknown>;
}

/**
 * Main thread → executor thread: a fragment to run, the node's renewed NATS user, or `close`:
 * answer the fragments sent before it, then end by itself.
 */
export type ToThread = { type: 'run'; id: number; task: FragmentTask; sealing?: TaskSealing } | NatsUserRenewed | { type: 'close' };

/** Executor thread → main thread. `done`: the outputs are stored. `opened`: its blob access is open, or `error` says why it is not. */
export type FromThread =
  | { type: 'done'; id: number; result: ExecutionResult }
  | { type: 'failed'; id: number; error: ThreadError }
  | { type: 'opened'; error?: ThreadError };

export function toThreadError(err: unknown): ThreadError {
  const e = err instanceof Error ? err : new Error(String(err));
  const { code, details } = e as { code?: unknown; details?: unknown };
  return {
    name: e.name,
    message: e.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(details && typeof details === 'object' ? { details: structuredClone(details) as Record<string, unknown> } : {}),
  };
}

/** An error thrown on another thread, with its name and stable code kept. */
export class ThreadRaisedError extends Error {
  readonly code?: string;
  readonly details?: Record<string, unknown>;
  constructor(error: ThreadError) {
    super(error.message);
    this.name = error.name;
    this.code = error.code;
    this.details = error.details;
  }
}
