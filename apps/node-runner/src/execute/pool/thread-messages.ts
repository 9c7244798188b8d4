import type { FragmentTask } from '@corex/events';
import type { ExecutionResult } from '../execute-task';

/** What an executor thread is started with. */
export interface ExecutorThreadData {
  executionProvider: string;
  /** onnxruntime intra-op threads per session: the node's cores shared among its executor threads. */
  intraOpThreads: number;
}

/** A coded error, as it crosses between threads (the class does not survive structured clone). */
export interface ThreadError {
  name: string;
  message: string;
  code?: string;
  details?: Record<string, unknown>;
}

/** Main thread → executor thread. */
export type ToThread =
  /** `input`: the task's input blob as fetched, unverified, when the main thread got it ahead. */
  | { type: 'run'; id: number; task: FragmentTask; input: Uint8Array | null }
  | { type: 'blob'; id: number; bytes: Uint8Array | null }
  | { type: 'blob-failed'; id: number; error: ThreadError };

/** A blob a fragment produced, hashed on the executor thread, for the main thread to store. */
export interface ProducedBlob {
  sha256: string;
  bytes: Uint8Array;
}

/** Executor thread → main thread. */
export type FromThread =
  /** `produced`: stored by the main thread before the result counts as done. */
  | { type: 'done'; id: number; result: ExecutionResult; produced: ProducedBlob[] }
  | { type: 'failed'; id: number; error: ThreadError }
  | { type: 'get'; id: number; sha256: string };

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

/** The array itself when it owns its whole buffer (so it can be transferred), else a copy that does. */
export function transferable(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
}
