import type { EventLog } from '@corex/eventstore';

/**
 * A node's result, read from its own uploads (`<prefix>.upload.<nodeId>.<sha256>.*`) and verified
 * against the hash (BlobHashMismatchError); null when it uploaded none. Never from the shared blob
 * bucket: a node may only submit what it stored itself, not name another node's blob.
 */
export async function readResultUpload(log: Pick<EventLog, 'uploads'>, nodeId: string, sha256: string): Promise<Uint8Array | null> {
  return (await log.uploads()).get(nodeId, sha256);
}

/** An accepted result goes into the service blob bucket, which outlives the uploads' retention (job outputs are read from there). */
export async function promoteResult(log: Pick<EventLog, 'blobs'>, bytes: Uint8Array): Promise<void> {
  await (await log.blobs()).put(bytes);
}
