/** One stored output blob a result document lists: a fragment's tensor map holding `output`. */
export interface ListedOutput {
  hash: string;
  /** [first row, end row) of the dataset the blob's rows are. */
  rowRange: readonly [number, number];
  /** The tensor in the blob that is the job's output (`y` of a preprocessed shard, `probabilities`, `prediction`, `embeddings`). */
  output: string;
}

interface StoredPart {
  rowRange?: unknown;
  blobHash?: unknown;
}

const isPart = (p: StoredPart): p is { rowRange: [number, number]; blobHash: string } =>
  typeof p?.blobHash === 'string' && Array.isArray(p.rowRange) && p.rowRange.length === 2 && p.rowRange.every((n) => Number.isInteger(n));

/**
 * The output blobs a job's result document lists: the shards of preprocessed data, the parts of
 * predictions and embeddings. A document of another kind (a model), or one written before parts
 * were listed, lists none.
 */
export function listedOutputs(document: Record<string, unknown>): ListedOutput[] {
  const parts = (document['kind'] === 'preprocessed-data' ? document['shards'] : document['parts']) as StoredPart[] | undefined;
  if (!Array.isArray(parts)) return [];
  const output = typeof document['output'] === 'string' ? document['output'] : defaultOutput(document['kind']);
  return parts.filter(isPart).map((p) => ({ hash: p.blobHash, rowRange: [p.rowRange[0], p.rowRange[1]], output }));
}

function defaultOutput(kind: unknown): string {
  return kind === 'preprocessed-data' ? 'y' : kind === 'embeddings' ? 'embeddings' : 'probabilities';
}

export const outputUrl = (jobId: string, hash: string) => `/v1/jobs/${jobId}/outputs/${hash}`;

/** The result document as served: each listed blob carries the URL it downloads from (add `?format=csv` for CSV). */
export function withOutputUrls(jobId: string, document: Record<string, unknown>): Record<string, unknown> {
  const key = document['kind'] === 'preprocessed-data' ? 'shards' : 'parts';
  const parts = document[key];
  if (!Array.isArray(parts)) return document;
  return { ...document, [key]: parts.map((p: StoredPart) => (isPart(p) ? { ...p, url: outputUrl(jobId, p.blobHash) } : p)) };
}
