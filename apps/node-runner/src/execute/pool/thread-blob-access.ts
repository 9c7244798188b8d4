import { connect } from '@nats-io/transport-node';
import { BlobReader, natsConnectionOptions, readTaskObject, UploadStore, verifiedBlob } from '@corex/eventstore';
import { openSealedBlob, type TaskSealing } from '@corex/node-protocol';
import { sha256Hex } from '@corex/platform';
import { nodeConnectionOptions, type NodeNatsAuth } from '../../nats/node-connection';
import type { BlobAccess } from '../fetch-blob';

/**
 * Where an executor thread reads and writes blobs. Each thread opens its own access, so blob
 * bytes never cross the main thread: measured on 2 cores, a main thread that fetched inputs and
 * stored outputs for its executor threads spent 40-70% of a core on copies and on the garbage
 * collections their external memory set off, and took that core from the computing threads.
 */
export type ExecutorBlobSource =
  /**
   * Reads sealed task blobs from the task bucket `bucket` on the NATS at `url` (direct gets by
   * name only) and opens them with the assignment's key, writes results to the node's uploads
   * under `prefix`, over a connection of the thread's own, as the node's NATS user.
   */
  | { kind: 'nats'; url: string; bucket: string; prefix: string; node: NodeNatsAuth }
  /**
   * Blobs held by each thread in a map, with no network: for benches that measure what the
   * executor adds besides it. Reads are verified and writes hashed as over NATS; a thread's
   * writes stay on that thread.
   */
  | { kind: 'in-thread-map'; blobs: Uint8Array[] };

/** A thread's blob access, for one assignment at a time: its blobs are read through its sealing. */
export interface ThreadBlobAccess {
  forTask(sealing: TaskSealing | undefined): BlobAccess;
  /** Closes its connection, if any: an open one would keep the thread from ending. */
  close(): Promise<void>;
}

/** Opened once per thread; the connection goes with the thread. */
export async function openThreadBlobAccess(source: ExecutorBlobSource): Promise<ThreadBlobAccess> {
  switch (source.kind) {
    case 'nats': {
      // The node's main connection to the same server is up already; a thread started while the
      // server restarts waits for it rather than failing every fragment sent to it.
      const nc = await connect({
        servers: source.url,
        name: 'corex-node-runner-executor',
        ...natsConnectionOptions,
        ...nodeConnectionOptions(source.node),
        waitOnFirstConnect: true,
      });
      try {
        // Never BlobStore.open: it creates or updates the bucket's stream, which a node may not.
        const reader = await BlobReader.open(nc, source.bucket);
        const uploads = await UploadStore.open(nc, source.prefix);
        const put = (bytes: Uint8Array) => uploads.put(source.node.nodeId, bytes);
        return { forTask: (sealing) => ({ get: (sha256) => readSealed(reader, sealing, sha256), put }), close: () => nc.close() };
      } catch (err) {
        await nc.close();
        throw err;
      }
    }
    case 'in-thread-map': {
      const stored = new Map(source.blobs.map((bytes) => [sha256Hex(bytes), bytes]));
      const access: BlobAccess = {
        get: async (sha256) => {
          const bytes = stored.get(sha256);
          return bytes ? verifiedBlob(sha256, bytes) : null;
        },
        put: async (bytes) => {
          const sha256 = sha256Hex(bytes);
          stored.set(sha256, bytes);
          return sha256;
        },
      };
      return { forTask: () => access, close: async () => undefined };
    }
  }
}

/** The plaintext of a task blob: its sealed copy, read by the name the assignment gives, opened with its key (SealedBlobError). Null when absent. */
async function readSealed(reader: BlobReader, sealing: TaskSealing | undefined, sha256: string): Promise<Uint8Array | null> {
  const name = sealing?.blobs[sha256];
  if (!sealing || !name) return null;
  const sealed = await readTaskObject(reader, name);
  return sealed && openSealedBlob(Buffer.from(sealing.key, 'base64'), sha256, sealed);
}
