import type { MessagePort } from 'node:worker_threads';
import { verifiedBlob } from '@corex/eventstore';
import { sha256Hex } from '@corex/platform';
import type { BlobAccess } from '../fetch-blob';
import { ThreadRaisedError, transferable, type FromThread, type ProducedBlob, type ThreadError } from './thread-messages';

interface Pending {
  resolve(value: Uint8Array | null | void): void;
  reject(err: Error): void;
}

/**
 * The executor thread's view of the blob store: the main thread does the network round trips,
 * this thread does the hashing. Blobs come in unverified and are checked here. What a fragment
 * stores is hashed here and handed over with its result (see `forRun`), so the thread does not
 * wait for the store.
 */
export class ThreadBlobs {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Blobs the main thread sent ahead of the request for them, by hash, each for one get. */
  private readonly ahead = new Map<string, Uint8Array>();

  constructor(private readonly port: Pick<MessagePort, 'postMessage'>) {}

  /** Keeps bytes the main thread fetched ahead: the next get of that hash takes (and verifies) them. */
  sentAhead(sha256: string, bytes: Uint8Array): void {
    this.ahead.set(sha256, bytes);
  }

  dropAhead(sha256: string): void {
    this.ahead.delete(sha256);
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    const ahead = this.ahead.get(sha256);
    this.ahead.delete(sha256);
    const bytes = ahead ?? ((await this.ask({ type: 'get', id: 0, sha256 })) as Uint8Array | null);
    return bytes && verifiedBlob(sha256, bytes);
  }

  /** Blob access for one fragment: reads go through this thread's requests, writes are collected in `produced`. */
  forRun(produced: ProducedBlob[]): BlobAccess {
    return {
      get: (sha256) => this.get(sha256),
      put: async (bytes) => {
        const sha256 = sha256Hex(bytes);
        produced.push({ sha256, bytes: transferable(bytes) });
        return sha256;
      },
    };
  }

  /** Settles the request a main-thread reply answers. */
  settle(id: number, outcome: { bytes?: Uint8Array | null; error?: ThreadError }): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (outcome.error) pending.reject(new ThreadRaisedError(outcome.error));
    else pending.resolve(outcome.bytes ?? null);
  }

  private ask(message: Extract<FromThread, { type: 'get' }>): Promise<Uint8Array | null | void> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.port.postMessage({ ...message, id });
    });
  }
}
