/**
 * The largest model upload accepted. Where nodes are NATS users (the marketplace itself connects
 * with credentials), a node reads a blob by direct get, one message: a model larger than one
 * chunk could be stored but never run, so it is refused at upload. On an open server nodes may
 * read blobs of several chunks, and `MODEL_LIMIT_BYTES` alone applies.
 */
export function modelUploadLimit(configuredBytes: number, singleChunkBytes: number, nodesAreUsers: boolean): number {
  return nodesAreUsers ? Math.min(configuredBytes, singleChunkBytes) : configuredBytes;
}
