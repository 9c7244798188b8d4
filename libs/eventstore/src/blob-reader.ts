import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { PermissionViolationError, RequestError, type NatsConnection } from '@nats-io/nats-core';
import { Objm, setSha256Backend } from '@nats-io/obj';
import { verifiedBlob } from './blob-store';

/** The object store's encoding of names: base64url, padding kept. */
const base64UrlPadded = (text: string) => Buffer.from(text).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

/**
 * Reads blobs of the bucket by name as a node may: two direct gets in subject form (metadata at
 * `$O.<bucket>.M.<base64url(sha256)>`, then the chunk it names), never creating or updating the
 * bucket's stream, never a consumer. A blob of several chunks cannot be read that way (direct get
 * by subject returns a subject's last message only); it falls back to the object store client,
 * which a node user on a secured server is refused: blobs nodes read must fit one chunk (with
 * `max_payload: 8MB`, about 8 MiB).
 */
export class BlobReader {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly bucket: string,
  ) {}

  static async open(nc: NatsConnection, bucket: string, timeoutMs = 10_000): Promise<BlobReader> {
    if (!/^[-\w]+$/.test(bucket)) throw new Error(`invalid bucket name: ${JSON.stringify(bucket)}`);
    return new BlobReader(nc, await jetstreamManager(nc, { checkAPI: false, timeout: timeoutMs }), bucket);
  }

  /** The bytes stored under `sha256`, verified (BlobHashMismatchError); null when absent. */
  async get(sha256: string): Promise<Uint8Array | null> {
    const stream = `OBJ_${this.bucket}`;
    const metaMsg = await this.jsm.direct.getMessage(stream, { last_by_subj: `$O.${this.bucket}.M.${base64UrlPadded(sha256)}` });
    if (!metaMsg) return null;
    const meta = metaMsg.json<{ nuid: string; chunks?: number; deleted?: boolean }>();
    if (meta.deleted) return null;
    // An empty blob has no chunk at all.
    if ((meta.chunks ?? 0) === 0) return verifiedBlob(sha256, new Uint8Array(0));
    if ((meta.chunks ?? 0) !== 1) return this.severalChunks(sha256, meta.chunks ?? 0);
    const chunk = await this.jsm.direct.getMessage(stream, { last_by_subj: `$O.${this.bucket}.C.${meta.nuid}` });
    return chunk && verifiedBlob(sha256, new Uint8Array(chunk.data));
  }

  /**
   * A one-chunk object under any name (sealed task blobs: see TaskBlobStore), its bytes verified
   * against the digest its metadata records, and its metadata map; null when absent.
   */
  async namedChunk(name: string): Promise<{ bytes: Uint8Array; metadata: Record<string, string> } | null> {
    const stream = `OBJ_${this.bucket}`;
    const metaMsg = await this.jsm.direct.getMessage(stream, { last_by_subj: `$O.${this.bucket}.M.${base64UrlPadded(name)}` });
    if (!metaMsg) return null;
    const meta = metaMsg.json<{ nuid: string; chunks?: number; deleted?: boolean; digest?: string; metadata?: Record<string, string> }>();
    if (meta.deleted) return null;
    if (meta.chunks !== 1) throw new Error(`object ${name} has ${meta.chunks ?? 0} chunks, not one`);
    const chunk = await this.jsm.direct.getMessage(stream, { last_by_subj: `$O.${this.bucket}.C.${meta.nuid}` });
    if (!chunk) return null;
    const digest = (meta.digest ?? '').replace(/^SHA-256=/, '');
    const bytes = verifiedBlob(Buffer.from(digest.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('hex'), new Uint8Array(chunk.data));
    return { bytes, metadata: meta.metadata ?? {} };
  }

  private async severalChunks(sha256: string, chunks: number): Promise<Uint8Array | null> {
    setSha256Backend('native');
    try {
      const store = await new Objm(this.nc).open(this.bucket);
      const bytes = await store.getBlob(sha256);
      return bytes && verifiedBlob(sha256, bytes);
    } catch (err) {
      const cause = err instanceof RequestError && err.cause ? err.cause : err;
      if (!(cause instanceof PermissionViolationError)) throw err;
      throw new BlobTooLargeForNodeError(sha256, chunks);
    }
  }
}

/** A blob of several chunks, which a node user may not read (only direct gets by subject). */
export class BlobTooLargeForNodeError extends Error {
  readonly code = 'RUNNER.BLOB_TOO_LARGE';
  constructor(
    readonly sha256: string,
    readonly chunks: number,
  ) {
    super(`blob ${sha256} is stored in ${chunks} chunks; a node can read only blobs of one chunk (up to the server's max_payload)`);
    this.name = 'BlobTooLargeForNodeError';
  }
}
