import type { BlobStore } from '@corex/eventstore';
import { sha256Hex } from '@corex/platform';

/**
 * Blobs in a Map, answering as the blob store does: `getUnverified` hands out a copy (as the
 * network would; the executor pool transfers it to a thread), `put` takes a precomputed hash.
 */
export function memoryBlobStore(initial: Uint8Array[] = []): Pick<BlobStore, 'get' | 'getUnverified' | 'put'> {
  const stored = new Map(initial.map((bytes) => [sha256Hex(bytes), bytes]));
  return {
    getUnverified: async (hash) => stored.get(hash)?.slice() ?? null,
    get: async (hash) => stored.get(hash) ?? null,
    put: async (bytes, hash = sha256Hex(bytes)) => {
      stored.set(hash, bytes.slice());
      return hash;
    },
  };
}
