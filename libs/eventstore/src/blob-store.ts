import type { ObjectStore } from '@nats-io/obj';
import { Objm, setSha256Backend, StorageType } from '@nats-io/obj';
import { nuid, type NatsConnection } from '@nats-io/nats-core';
import { sha256Hex } from '@corex/platform';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { StreamPublishError, StreamPublisher } from './stream-publisher';

export class BlobHashMismatchError extends Error {
  constructor(readonly expected: string, readonly actual: string) {
    super(`blob hash mismatch: expected ${expected}, got ${actual}`);
  }
}

const encoder = new TextEncoder();
const MIN_CHUNK_BYTES = 128 * 1024;
const MAX_CHUNK_BYTES = 8 * 1024 * 1024;
/** Room for the chunk message's subject and headers within the server's max payload. */
const CHUNK_HEADROOM_BYTES = 16 * 1024;

/** The object store's encoding of names and digests: base64url, padding kept. */
const base64UrlPadded = (bytes: Buffer) => bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

/** What the object store's metadata says of an object (NATS ADR-20). */
interface ObjectMeta {
  nuid: string;
  chunks: number;
  /** `SHA-256=` and the base64url digest of the whole object. */
  digest: string;
}

/** The object store's digest string for a sha256 given in hex. */
const digestOf = (sha256: string) => `SHA-256=${base64UrlPadded(Buffer.from(sha256, 'hex'))}`;

/** The hex of an object store digest string, or the string itself when it is no SHA-256 digest. */
function hexOfDigest(digest: string): string {
  if (!digest.startsWith('SHA-256=')) return digest;
  return Buffer.from(digest.slice('SHA-256='.length).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('hex');
}

/** The bytes, when they hash to `sha256`; else throws BlobHashMismatchError. */
export function verifiedBlob(sha256: string, bytes: Uint8Array): Uint8Array {
  const actual = sha256Hex(bytes);
  if (actual !== sha256) throw new BlobHashMismatchError(sha256, actual);
  return bytes;
}

/** Large data (datasets, gradients, weights, models) in the JetStream object store, addressed by sha256. */
export class BlobStore {
  private constructor(
    private readonly bucket: ObjectStore,
    private readonly publisher: StreamPublisher,
    private readonly jsm: JetStreamManager,
    private readonly bucketName: string,
    private readonly chunkBytes: number,
  ) {}

  /** `publisher`: the connection's shared one, else one of its own (closed with the connection). */
  static async open(nc: NatsConnection, bucketName: string, publisher = new StreamPublisher(nc)): Promise<BlobStore> {
    // The object store client hashes blobs of several chunks itself, by default in plain JS
    // (js-sha256: 78 MiB/s here, Node's crypto 1,838 MiB/s). Process-wide, as the client wants it.
    setSha256Backend('native');
    const objm = new Objm(nc);
    const bucket = await objm.create(bucketName, { storage: StorageType.File });
    // As large as a message may be, so that most blobs are one chunk, read in one round trip.
    const chunkBytes = Math.max(MIN_CHUNK_BYTES, Math.min(MAX_CHUNK_BYTES, nc.info?.max_payload ?? 0) - CHUNK_HEADROOM_BYTES);
    return new BlobStore(bucket, publisher, await jetstreamManager(nc), bucketName, chunkBytes);
  }

  /** The largest blob stored as one chunk: the largest a node can read (nodes read by direct get, one message). */
  get singleChunkBytes(): number {
    return this.chunkBytes;
  }

  /** Stores the bytes once and returns their sha256 (hex). */
  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = sha256Hex(bytes);
    const { live, seq } = await this.metaRecord(sha256);
    if (live) return sha256;
    if (bytes.length > 0 && bytes.length <= this.chunkBytes) await this.putSingleChunk(bytes, sha256, sha256, seq);
    else await this.bucket.putBlob({ name: sha256, options: { max_chunk_size: this.chunkBytes } }, bytes);
    return sha256;
  }

  /**
   * A one-chunk object written as the object store client writes it (NATS ADR-20: the chunk,
   * then the metadata with a subject rollup), minus the client's own existence check, which
   * `put` has just made: three requests per blob instead of four. The metadata is written only
   * if it is still what the check saw (`metaSeq`): when two writers store the same bytes at
   * once (two nodes with the same result), the second finds the first's metadata, removes its
   * own chunk again and leaves no orphan behind.
   */
  private async putSingleChunk(bytes: Uint8Array, name: string, sha256: string, metaSeq: number, metadata?: Record<string, string>): Promise<void> {
    const id = nuid.next();
    const chunkSubject = `$O.${this.bucketName}.C.${id}`;
    await this.publisher.publish(chunkSubject, bytes);
    const meta = {
      name,
      description: '',
      options: { max_chunk_size: this.chunkBytes },
      bucket: this.bucketName,
      nuid: id,
      size: bytes.length,
      chunks: 1,
      mtime: new Date().toISOString(),
      digest: digestOf(sha256),
      deleted: false,
      ...(metadata ? { metadata } : {}),
    };
    try {
      await this.publisher.publish(this.metaSubject(name), encoder.encode(JSON.stringify(meta)), {
        headers: { 'Nats-Rollup': 'sub' },
        lastSubjectSequence: metaSeq,
      });
    } catch (err) {
      if (!(err instanceof StreamPublishError && err.wrongLastSequence)) throw err;
      await this.jsm.streams.purge(`OBJ_${this.bucketName}`, { filter: chunkSubject });
      if (!(await this.meta(name))) throw err;
    }
  }

  /**
   * Stores one chunk under a name of the caller's (not its hash), once: an object already under
   * that name is kept. For layouts whose names derive from their content otherwise (sealed task
   * blobs, see TaskBlobStore). `metadata`: the object's metadata map (NATS ADR-20).
   */
  async putNamedChunk(name: string, bytes: Uint8Array, metadata?: Record<string, string>): Promise<void> {
    if (bytes.length === 0 || bytes.length > this.chunkBytes) throw new Error(`a named chunk holds 1..${this.chunkBytes} bytes, not ${bytes.length}`);
    const { live, seq } = await this.metaRecord(name);
    if (!live) await this.putSingleChunk(bytes, name, sha256Hex(bytes), seq, metadata);
  }

  private metaSubject(name: string): string {
    return `$O.${this.bucketName}.M.${base64UrlPadded(Buffer.from(name))}`;
  }

  /** The bytes stored under a hash, verified against it; null when absent. */
  async get(sha256: string): Promise<Uint8Array | null> {
    const meta = await this.meta(sha256);
    if (!meta) return null;
    if (meta.chunks !== 1) return this.severalChunks(sha256, meta.digest);
    const bytes = await this.singleChunk(meta.nuid);
    return bytes && verifiedBlob(sha256, bytes);
  }

  /**
   * The bytes under a hash as they arrive, for a reader that passes them on (a download): a blob
   * of one chunk is one message, read and verified; a larger one comes chunk by chunk, never
   * whole, and fails with BlobHashMismatchError at its end when it is not what the hash says.
   * `bytes` is its length. Null when absent.
   */
  async stream(sha256: string): Promise<{ bytes: number; chunks: AsyncIterable<Uint8Array> } | null> {
    const meta = await this.meta(sha256);
    if (!meta) return null;
    if (meta.chunks <= 1) {
      const whole = await this.get(sha256);
      return whole && { bytes: whole.byteLength, chunks: once(whole) };
    }
    if (meta.digest !== digestOf(sha256)) throw new BlobHashMismatchError(sha256, hexOfDigest(meta.digest));
    const result = await this.bucket.get(sha256);
    if (!result) return null;
    return { bytes: result.info.size, chunks: checkedChunks(sha256, result.data, result.error) };
  }

  /**
   * The object store client hashes a blob of several chunks as it reads it and fails when that
   * differs from the metadata's digest: once the digest is known to be the blob's name, hashing
   * the bytes again would check the same thing twice (measured: 0.6 ms per MB here).
   */
  private async severalChunks(sha256: string, digest: string): Promise<Uint8Array | null> {
    if (digest !== digestOf(sha256)) throw new BlobHashMismatchError(sha256, hexOfDigest(digest));
    try {
      return await this.bucket.getBlob(sha256);
    } catch (err) {
      const computed = /digests do not match[\s\S]*computed: SHA-256 ([0-9a-f]{64})/.exec((err as Error).message);
      if (computed) throw new BlobHashMismatchError(sha256, computed[1]!);
      throw err;
    }
  }

  /**
   * The object's metadata, read by direct get from its subject in the object store's layout
   * (NATS ADR-20: `$O.<bucket>.M.<base64url(name)>`): raw JSON, where the client's `info()`
   * goes through the stream API's JSON-in-base64 answer. Null when absent or deleted.
   */
  private async meta(sha256: string): Promise<ObjectMeta | null> {
    return (await this.metaRecord(sha256)).live;
  }

  /** The object's live metadata (null when absent or deleted) and the stream sequence of its metadata message (0 when none). */
  private async metaRecord(sha256: string): Promise<{ live: ObjectMeta | null; seq: number }> {
    const msg = await this.jsm.direct.getMessage(`OBJ_${this.bucketName}`, { last_by_subj: this.metaSubject(sha256) });
    if (!msg) return { live: null, seq: 0 };
    const meta = msg.json<{ nuid: string; chunks?: number; digest?: string; deleted?: boolean }>();
    return { live: meta.deleted ? null : { nuid: meta.nuid, chunks: meta.chunks ?? 0, digest: meta.digest ?? '' }, seq: msg.seq };
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
    return (await this.meta(sha256)) !== null;
  }
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/**
 * The chunks of an object store read, then its verdict: the client hashes them against the
 * digest as they pass and fails the read (or reports it) when they differ.
 */
async function* checkedChunks(sha256: string, data: ReadableStream<Uint8Array>, verdict: Promise<Error | null>): AsyncGenerator<Uint8Array> {
  const reader = data.getReader();
  let read = false;
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
    read = true;
    const err = await verdict;
    if (err) throw err;
  } catch (err) {
    read = true;
    const computed = /digests do not match[\s\S]*computed: SHA-256 ([0-9a-f]{64})/.exec((err as Error).message);
    throw computed ? new BlobHashMismatchError(sha256, computed[1]!) : err;
  } finally {
    // A reader that stopped early (a client that hung up): the rest is not fetched.
    if (!read) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
