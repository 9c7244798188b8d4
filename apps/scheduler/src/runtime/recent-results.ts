import type { BlobStore } from '@corex/eventstore';

/** What assembling a job's output needs of the blob store. */
export type BlobReader = Pick<BlobStore, 'get'>;

/**
 * Result blobs verified when their fragment completed, kept (least recently used first out,
 * up to `maxBytes`) until the job's step is assembled: without them every result is read from
 * the object store twice, at submission and at assembly.
 */
export class RecentResults {
  private readonly entries = new Map<string, Uint8Array>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** Keeps bytes already read from the store and checked against their hash. */
  remember(sha256: string, verified: Uint8Array): void {
    if (verified.byteLength > this.maxBytes) return;
    this.forget(sha256);
    this.entries.set(sha256, verified);
    this.bytes += verified.byteLength;
    for (const [oldest, bytes] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= bytes.byteLength;
    }
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** Reads through: a remembered blob comes from memory, any other from the store. */
  readerOver(store: BlobReader): BlobReader {
    return {
      get: async (sha256) => {
        const kept = this.entries.get(sha256);
        if (!kept) return store.get(sha256);
        // Used again: move it to the young end.
        this.entries.delete(sha256);
        this.entries.set(sha256, kept);
        return kept;
      },
    };
  }

  private forget(sha256: string): void {
    const kept = this.entries.get(sha256);
    if (!kept) return;
    this.entries.delete(sha256);
    this.bytes -= kept.byteLength;
  }
}
