import { createHash } from 'node:crypto';
import type { ObjectStore } from '@nats-io/obj';
import { Objm, StorageType } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/nats-core';

export class BlobHashMismatchError extends Error {
  constructor(readonly expected: string, readonly actual: string) {
    super(`blob hash mismatch: expected ${expected}, got ${actual}`);
  }
}

/** Large data (datasets, gradients, weights, models) in the JetStream object store, addressed by sha256. */
export class BlobStore {
  private constructor(private readonly bucket: ObjectStore) {}

  static async open(nc: NatsConnection, bucketName: string): Promise<BlobStore> {
    const objm = new Objm(nc);
    return new BlobStore(await objm.create(bucketName, { storage: StorageType.File }));
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
    const bytes = await this.bucket.getBlob(sha256);
    if (!bytes) return null;
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) throw new BlobHashMismatchError(sha256, actual);
    return bytes;
  }

  async has(sha256: string): Promise<boolean> {
    const info = await this.bucket.info(sha256);
    return !!info && !info.deleted;
  }
}
