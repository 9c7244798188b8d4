import type { InferenceSession } from 'onnxruntime-node';
import { createSession } from '../benchmark/execution-providers';
import { LruCache, type Logger } from '@corex/platform';

/** An ONNX graph loaded into onnxruntime, ready to run many fragments. */
export interface LoadedGraph {
  readonly session: InferenceSession;
  readonly executionProvider: string;
}

/**
 * Threads of onnxruntime's intra-op pool spin for a while after each run by default. A node keeps
 * several sessions loaded and alternates between them, and the spinning threads of the last one
 * steal the cores the next one runs on (measured: up to half the throughput on 2 cores).
 */
export const executorSessionOptions: InferenceSession.SessionOptions = { extra: { session: { intra_op: { allow_spinning: '0' } } } };

/** Session options a caller may add to the executor's own. */
export type SessionTuning = Pick<InferenceSession.SessionOptions, 'intraOpNumThreads'>;

interface Entry {
  readonly loading: Promise<LoadedGraph>;
  users: number;
  evicted: boolean;
}

export interface GraphSessionsOptions {
  /** Best provider the hardware detection found (`cuda` or `cpu`). */
  executionProvider: string;
  /** How many sessions stay loaded; sessions are expensive to create, the same graph runs many fragments. */
  capacity: number;
  logger: Logger;
  sessionOptions?: SessionTuning;
}

/**
 * Loaded sessions by graph hash, least recently used evicted. A session evicted while fragments
 * still run on it is released once the last of them is done.
 */
export class GraphSessions {
  private preferred: string;
  private readonly entries: LruCache<string, Entry>;

  constructor(private readonly options: GraphSessionsOptions) {
    this.preferred = options.executionProvider;
    this.entries = new LruCache(options.capacity, (_, entry) => {
      entry.evicted = true;
      if (entry.users === 0) release(entry);
    });
  }

  /** Runs `use` on the session of `graphHash`; `loadBytes` is only called when it is not loaded yet. */
  async use<T>(graphHash: string, loadBytes: () => Promise<Uint8Array>, use: (graph: LoadedGraph) => Promise<T>): Promise<T> {
    const entry = this.entries.get(graphHash) ?? this.load(graphHash, loadBytes);
    entry.users++;
    try {
      return await use(await entry.loading);
    } finally {
      entry.users--;
      if (entry.evicted && entry.users === 0) release(entry);
    }
  }

  /** Releases every loaded session; one still running a fragment is released when that fragment is done. */
  close(): void {
    for (const entry of this.entries.values()) {
      entry.evicted = true;
      if (entry.users === 0) release(entry);
    }
    this.entries.clear();
  }

  private load(graphHash: string, loadBytes: () => Promise<Uint8Array>): Entry {
    const entry: Entry = { loading: this.createSession(loadBytes), users: 0, evicted: false };
    this.entries.set(graphHash, entry);
    entry.loading.catch(() => {
      if (this.entries.get(graphHash) === entry) this.entries.delete(graphHash);
    });
    return entry;
  }

  private async createSession(loadBytes: () => Promise<Uint8Array>): Promise<LoadedGraph> {
    const bytes = await loadBytes();
    const loaded = await createSession(bytes, this.preferred, this.options.logger, { ...executorSessionOptions, ...this.options.sessionOptions });
    // createSession already said why it fell back; do not try (and warn about) CUDA for every graph.
    this.preferred = loaded.executionProvider;
    return loaded;
  }
}

function release(entry: Entry): void {
  entry.loading.then((g) => g.session.release()).catch(() => undefined);
}
