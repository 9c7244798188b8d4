import { decodeTensorMap, deserializeMlpWeights, weightTensors } from '@corex/compute';
import type { Logger } from '@corex/platform';
import { fetchBlob, type BlobAccess } from './fetch-blob';
import { GraphSessions, type SessionTuning } from './graph-sessions';
import { cachedLoad, LruCache } from './lru-cache';
import { toOrtTensors, type OrtTensorMap } from './ort-tensors';

/** What stays loaded between fragments: sessions by graph hash, decoded weights and aux feeds by hash. */
export interface ExecutorCaches {
  readonly sessions: GraphSessions;
  /** Weights and aux feeds change once per job (or training step), not per fragment. */
  weightFeeds(blobs: BlobAccess, weightsHash: string): Promise<OrtTensorMap>;
  auxFeeds(blobs: BlobAccess, auxHash: string): Promise<OrtTensorMap>;
  /** Releases the loaded sessions (those still in use once they are done). */
  close(): void;
}

export interface ExecutorCacheOptions {
  executionProvider: string;
  logger: Logger;
  /** Added to the executor's session options (e.g. how many intra-op threads). */
  sessionOptions?: SessionTuning;
  sessions?: number;
  weights?: number;
  aux?: number;
}

export function createExecutorCaches(options: ExecutorCacheOptions): ExecutorCaches {
  const sessions = new GraphSessions({
    executionProvider: options.executionProvider,
    capacity: options.sessions ?? 8,
    logger: options.logger,
    sessionOptions: options.sessionOptions,
  });
  const weights = new LruCache<string, Promise<OrtTensorMap>>(options.weights ?? 16);
  const aux = new LruCache<string, Promise<OrtTensorMap>>(options.aux ?? 16);
  return {
    sessions,
    weightFeeds: (blobs, hash) =>
      cachedLoad(weights, hash, async () => toOrtTensors(weightTensors(deserializeMlpWeights(await fetchBlob(blobs, hash, 'weights'))))),
    auxFeeds: (blobs, hash) => cachedLoad(aux, hash, async () => toOrtTensors(decodeTensorMap(await fetchBlob(blobs, hash, 'aux')))),
    close: () => {
      weights.clear();
      aux.clear();
      sessions.close();
    },
  };
}
