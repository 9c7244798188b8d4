import { decodeTensorMap, weightFeedsOf, type TensorMap } from '@corex/compute';
import { fetchBlob, type BlobAccess } from './fetch-blob';
import { GraphSessions, type SessionTuning } from './graph-sessions';
import { cachedLoad, LruCache, type Logger } from '@corex/platform';
import { toOrtTensors, type OrtTensorMap } from './ort-tensors';

/** What stays loaded between fragments: sessions by graph hash, decoded weights and aux feeds by hash. */
export interface ExecutorCaches {
  readonly sessions: GraphSessions;
  /** Weights and aux feeds change once per job (or training step), not per fragment. */
  weightFeeds(blobs: BlobAccess, weightsHash: string): Promise<OrtTensorMap>;
  auxFeeds(blobs: BlobAccess, auxHash: string): Promise<OrtTensorMap>;
  /** An input block several fragments read rows of (`task.inputRows`): fetched and verified once. */
  inputBlock(blobs: BlobAccess, inputHash: string): Promise<TensorMap>;
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
  inputBlocks?: number;
}

/** Input blocks kept per executor: a node runs runs of fragments from the same few blocks. */
export const INPUT_BLOCKS_CACHED = 4;

export function createExecutorCaches(options: ExecutorCacheOptions): ExecutorCaches {
  const sessions = new GraphSessions({
    executionProvider: options.executionProvider,
    capacity: options.sessions ?? 8,
    logger: options.logger,
    sessionOptions: options.sessionOptions,
  });
  const weights = new LruCache<string, Promise<OrtTensorMap>>(options.weights ?? 16);
  const aux = new LruCache<string, Promise<OrtTensorMap>>(options.aux ?? 16);
  const inputBlocks = new LruCache<string, Promise<TensorMap>>(options.inputBlocks ?? INPUT_BLOCKS_CACHED);
  return {
    sessions,
    weightFeeds: (blobs, hash) =>
      cachedLoad(weights, hash, async () => toOrtTensors(weightFeedsOf(await fetchBlob(blobs, hash, 'weights')))),
    auxFeeds: (blobs, hash) => cachedLoad(aux, hash, async () => toOrtTensors(decodeTensorMap(await fetchBlob(blobs, hash, 'aux')))),
    inputBlock: (blobs, hash) => cachedLoad(inputBlocks, hash, async () => decodeTensorMap(await fetchBlob(blobs, hash, 'input'))),
    close: () => {
      inputBlocks.clear();
      weights.clear();
      aux.clear();
      sessions.close();
    },
  };
}
