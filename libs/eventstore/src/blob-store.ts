import { createHash } from 'node:crypto';
import type { ObjectStore } from '@nats-io/obj';
import { Objm, StorageType } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';

export class BlobHashMismatchError extends Error {
  constructor(readonly expected: string, readonly actual: string) {
    super(`blob hash mismatch: expected ${expected}, got ${actual}`);
  }
}

const MIN_CHUNK_BYTES = 128 * 1024;
const MAX_CHUNK_BYTES = 8 * 1024 * 1024;
/** Room for the chunk message's subject and headers within the server's max payload. */
const CHUNK_HEADROOM_BYTES = 16 * 1024;

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Large data (datasets, gradients, weights, models) in the JetStream object store, addressed by sha256. */
export class BlobStore {
  private constructor(
    private readonly bucket: ObjectStore,
    private readonly jsm: JetStreamManager,
    private readonly bucketName: string,
    private readonly chunkBytes: number,
  ) {}

  static async open(nc: NatsConnection, bucketName: string): Promise<BlobStore> {
    const objm = new Objm(nc);
    const bucket = await objm.create(bucketName, { storage: StorageType.File });
    // As large as a message may be, so that most blobs are one chunk, read in one round trip.
    const chunkBytes = Math.max(MIN_CHUNK_BYTES, Math.min(MAX_CHUNK_BYTES, nc.info?.max_payload ?? 0) - CHUNK_HEADROOM_BYTES);
    return new BlobStore(bucket, await jetstreamManager(nc), bucketName, chunkBytes);
  }

  /**
   * Stores the bytes once and returns their sha256 (hex). A caller that hashed them already (on
   * another thread) passes `sha256` to skip hashing again here; readers verify every blob anyway.
   */
  async put(bytes: Uint8Array, sha256 = sha256Of(bytes)): Promise<string> {
    const existing = await this.bucket.info(sha256);
    if (!existing || existing.deleted) await this.bucket.putBlob({ name: sha256, options: { max_chunk_size: this.chunkBytes } }, bytes);
    return sha256;
  }

  /** The bytes stored under a hash, verified against it; null when absent. */
  async get(sha256: string): Promise<Uint8Array | null> {
    const bytes = await this.getUnverified(sha256);
    if (!bytes) return null;
    const actual = sha256Of(bytes);
    if (actual !== sha256) throw new BlobHashMismatchError(sha256, actual);
    return bytes;
  }

  /**
   * The bytes stored under a hash, not checked against it: for a caller that verifies them
   * itself, off this thread. The returned array owns its whole buffer (it can be transferred).
   */
  async getUnverified(sha256: string): Promise<Uint8Array | null> {
    const info = await this.bucket.info(sha256);
    if (!info || info.deleted) return null;
    return info.chunks === 1 ? this.singleChunk(info.nuid) : this.bucket.getBlob(sha256);
  }

  /**
   * Most blobs (shards, weights, outputs) fit in one chunk: read that message directly instead
   * of letting the object store client set up a consumer for it (several round trips). Direct
   * get (object store streams allow it) answers with the raw bytes, where the stream API's
   * message get answers with JSON carrying them in base64 (measured: decoding that was 40% of a
   * node-runner's main thread).
   */
  private async singleChunk(nuid: string): Promise<Uint8Array | null> {
    const msg = await this.jsm.direct.getMessage(`OBJ_${this.bucketName}`, { last_by_subj: `$O.${this.bucketName}.C.${nuid}` });
    return msg ? new Uint8Array(msg.data) : null;
  }

  async has(sha256: string): Promise<boolean> {
    const info = await this.bucket.info(sha256);
    return !!info && !info.deleted;
  }
}
