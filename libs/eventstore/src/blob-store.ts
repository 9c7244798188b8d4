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

/** Large data (datasets, gradients, weights, models) in the JetStream object store, addressed by sha256. */
export class BlobStore {
  private constructor(
    private readonly bucket: ObjectStore,
    private readonly jsm: JetStreamManager,
    private readonly bucketName: string,
  ) {}

  static async open(nc: NatsConnection, bucketName: string): Promise<BlobStore> {
    const objm = new Objm(nc);
    const bucket = await objm.create(bucketName, { storage: StorageType.File });
    return new BlobStore(bucket, await jetstreamManager(nc), bucketName);
  }

  /** Stores the bytes once and returns their sha256 (hex). */
  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const existing = await this.bucket.info(sha256);
    if (!existing || existing.deleted) await this.bucket.putBlob({ name: sha256 }, bytes);
    return sha256;
  }

  /** The bytes stored under a hash, verified against it; null when absent. */
  async get(sha256: string): Promise<Uint8Array | null> {
    const info = await this.bucket.info(sha256);
    if (!info || info.deleted) return null;
    const bytes = info.chunks === 1 ? await this.singleChunk(info.nuid) : await this.bucket.getBlob(sha256);
    if (!bytes) return null;
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) throw new BlobHashMismatchError(sha256, actual);
    return bytes;
  }

  /**
   * Most blobs (shards, weights, outputs) fit in one 128 KiB chunk: read that message directly
   * instead of letting the object store client set up a consumer for it (several round trips).
   */
  private async singleChunk(nuid: string): Promise<Uint8Array | null> {
    const msg = await this.jsm.streams.getMessage(`OBJ_${this.bucketName}`, { last_by_subj: `$O.${this.bucketName}.C.${nuid}` });
    return msg ? new Uint8Array(msg.data) : null;
  }

  async has(sha256: string): Promise<boolean> {
    const info = await this.bucket.info(sha256);
    return !!info && !info.deleted;
  }
}
