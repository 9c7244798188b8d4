/**
 * Memory classes: geometric bands of the memory a fragment needs, four per doubling (each
 * about 19% wider than the last), from "up to 64 KiB" to 256 TiB; the last class also takes
 * anything larger. Queues are bucketed by class so a node only looks at bands it can hold.
 */
const BASE_BYTES = 64 * 1024;
const CLASSES_PER_DOUBLING = 4;
const DOUBLINGS = 32;

export const MEMORY_CLASS_COUNT = DOUBLINGS * CLASSES_PER_DOUBLING + 1;
const LAST_CLASS = MEMORY_CLASS_COUNT - 1;

/** Largest need in each class, in bytes (class c holds needs in (bound[c-1], bound[c]]). */
const upperBounds: readonly number[] = Array.from({ length: MEMORY_CLASS_COUNT }, (_, c) =>
  Math.floor(BASE_BYTES * 2 ** (c / CLASSES_PER_DOUBLING)),
);

/** The class of a fragment that needs `bytes`. */
export function memoryClassOf(bytes: number): number {
  let low = 0;
  let high = LAST_CLASS;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (bytes <= upperBounds[middle]!) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * The highest class worth looking into with `freeBytes`: every class below it fits entirely,
 * this one only partly (each fragment in it is still checked against the free memory).
 */
export function highestClassFor(freeBytes: number): number {
  return memoryClassOf(freeBytes);
}

/** A set of memory classes with "highest member ≤ c" in a few word operations. */
export class MemoryClassSet {
  private readonly _words = new Uint32Array(Math.ceil(MEMORY_CLASS_COUNT / 32));

  add(memoryClass: number): void {
    this._words[memoryClass >> 5] |= 1 << (memoryClass & 31);
  }

  delete(memoryClass: number): void {
    this._words[memoryClass >> 5] &= ~(1 << (memoryClass & 31));
  }

  /** The highest member not above `limit`, or -1. */
  highestAtMost(limit: number): number {
    if (limit < 0) return -1;
    const top = Math.min(limit, LAST_CLASS);
    for (let word = top >> 5; word >= 0; word--) {
      let bits = this._words[word]!;
      if (word === top >> 5) bits &= maskUpTo(top & 31);
      if (bits !== 0) return word * 32 + 31 - Math.clz32(bits);
    }
    return -1;
  }
}

/** Bits 0..bit set. */
function maskUpTo(bit: number): number {
  return bit === 31 ? 0xffffffff : (1 << (bit + 1)) - 1;
}
