import { DiscardPolicy, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/nats-core';
import { sha256Hex } from '@corex/platform';
import { verifiedBlob } from './blob-store';
import { StreamPublishError } from './stream-publisher';

/** Header on every part of an upload: how many parts the upload has. */
export const UPLOAD_PARTS_HEADER = 'Corex-Upload-Parts';
export const DEFAULT_UPLOAD_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** Room for the part's subject and headers within the server's max payload. */
const PART_HEADROOM_BYTES = 16 * 1024;
const MIN_PART_BYTES = 64 * 1024;
/** JetStream's err_code for a message refused by a stream limit; with discard-new-per-subject, "maximum messages per subject exceeded". */
const STORE_REFUSED = 10077;
/** At most this many parts are read (512 MiB at 8 MiB parts): the part count comes from the uploader. */
const MAX_PARTS = 64;

/** The stream holding node uploads of a subject prefix. */
export function uploadStreamName(prefix: string): string {
  return `${prefix}-uploads`;
}

/** Upload subjects: `<prefix>.upload.<nodeId>.<sha256>.<part>`. Only node `nodeId` may publish under `of(nodeId)`. */
export function uploadSubjects(prefix: string) {
  const base = `${prefix}.upload`;
  return {
    all: `${base}.>`,
    of: (nodeId: string) => `${base}.${nodeId}`,
    part: (nodeId: string, sha256: string, part: number) => `${base}.${nodeId}.${sha256}.${part}`,
  };
}

/**
 * Uploads are write-once: one message per subject, and a second write to a subject is refused by
 * the server (discard new per subject), so nothing a node stored can be overwritten, by it or
 * anyone. They expire after `maxAgeMs`; what the network keeps is copied into the blob bucket.
 */
export function uploadStreamConfig(prefix: string, maxAgeMs = DEFAULT_UPLOAD_MAX_AGE_MS): Partial<StreamConfig> & { name: string } {
  return {
    name: uploadStreamName(prefix),
    subjects: [uploadSubjects(prefix).all],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_msgs_per_subject: 1,
    discard: DiscardPolicy.New,
    discard_new_per_subject: true,
    max_age: maxAgeMs * 1_000_000,
    num_replicas: 1,
    allow_direct: true,
  };
}

/** Creates the upload stream, or updates it to the declared config. Services only: nodes may not. */
export async function ensureUploadStream(jsm: JetStreamManager, prefix: string, maxAgeMs?: number): Promise<void> {
  const config = uploadStreamConfig(prefix, maxAgeMs);
  try {
    await jsm.streams.info(config.name);
    await jsm.streams.update(config.name, config);
  } catch (err) {
    if (!(err instanceof Error && (err.name === 'StreamNotFoundError' || /stream not found/i.test(err.message)))) throw err;
    await jsm.streams.add(config);
  }
}

/**
 * Results nodes upload, addressed by node id and sha256, split into parts below the server's max
 * payload. Uses only what a node user may: publishes under its own upload subjects (acked on its
 * own inbox) and direct gets by subject, never the stream API; so the same class serves the node
 * (`put`) and the scheduler (`get`).
 */
export class UploadStore {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly prefix: string,
    private readonly partBytes: number,
    private readonly timeoutMs: number,
  ) {}

  /** `checkAPI: false`: a node may not ask for the account's JetStream info. */
  static async open(nc: NatsConnection, prefix: string, timeoutMs = 10_000): Promise<UploadStore> {
    const jsm = await jetstreamManager(nc, { checkAPI: false, timeout: timeoutMs });
    const partBytes = Math.max(MIN_PART_BYTES, (nc.info?.max_payload ?? 0) - PART_HEADROOM_BYTES);
    return new UploadStore(nc, jsm, prefix, partBytes, timeoutMs);
  }

  /**
   * Stores `bytes` under `nodeId` and returns their sha256. A part already stored counts as
   * stored: only this node can write under its id, and whoever reads verifies the whole against
   * the hash, so a retry after a lost ack (or the same result twice) succeeds.
   */
  async put(nodeId: string, bytes: Uint8Array): Promise<string> {
    const sha256 = sha256Hex(bytes);
    const parts = Math.max(1, Math.ceil(bytes.length / this.partBytes));
    const subjects = uploadSubjects(this.prefix);
    for (let part = 0; part < parts; part++) {
      const subject = subjects.part(nodeId, sha256, part);
      const slice = bytes.subarray(part * this.partBytes, (part + 1) * this.partBytes);
      const h = natsHeaders();
      h.set(UPLOAD_PARTS_HEADER, String(parts));
      const reply = await this.nc.request(subject, slice, { headers: h, timeout: this.timeoutMs });
      const ack = reply.json<{ seq?: number; error?: { err_code: number; description: string } }>();
      if (ack.error && !(ack.error.err_code === STORE_REFUSED && /per subject/i.test(ack.error.description))) {
        throw new StreamPublishError(ack.error.err_code, ack.error.description, subject);
      }
    }
    return sha256;
  }

  /** The bytes `nodeId` uploaded under `sha256`, verified against it (BlobHashMismatchError); null when absent or incomplete. */
  async get(nodeId: string, sha256: string): Promise<Uint8Array | null> {
    const stream = uploadStreamName(this.prefix);
    const subjects = uploadSubjects(this.prefix);
    const first = await this.jsm.direct.getMessage(stream, { last_by_subj: subjects.part(nodeId, sha256, 0) });
    if (!first) return null;
    const parts = Number(first.header.get(UPLOAD_PARTS_HEADER) || '1');
    if (!Number.isSafeInteger(parts) || parts < 1 || parts > MAX_PARTS) return null;
    const chunks: Uint8Array[] = [first.data];
    for (let part = 1; part < parts; part++) {
      const msg = await this.jsm.direct.getMessage(stream, { last_by_subj: subjects.part(nodeId, sha256, part) });
      if (!msg) return null;
      chunks.push(msg.data);
    }
    return verifiedBlob(sha256, chunks.length === 1 ? new Uint8Array(chunks[0]!) : Buffer.concat(chunks));
  }
}
