/** Protocol name carried by every document and mixed into every key derivation. */
export const SECAGG_PROTOCOL = 'corex-secagg-v1';

/**
 * Fixed-point scale of the quantization: v ↦ round(v · 2^12) mod 2^32.
 * One unit is 1/4096 of a (delta · rows) coordinate.
 */
export const SECAGG_SCALE = 4096;

/** Largest number of members of one job (bounds Shamir x = index + 1 ≤ 255 in GF(256)). */
export const SECAGG_MAX_MEMBERS = 200;

/** Largest vector length (parameters + 1) a round accepts: 16 Mi words = 64 MiB masked. */
export const SECAGG_MAX_LENGTH = 16 * 1024 * 1024;

/**
 * Shares needed to reconstruct a secret among n members: max(2, ⌈2n/3⌉).
 * The round finishes while at least this many members survive; up to n − t colluding
 * members (with the coordinator) learn nothing about an honest member's update.
 */
export function secaggThreshold(n: number): number {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`secure aggregation needs at least 2 members, got ${n}`);
  return Math.max(2, Math.ceil((2 * n) / 3));
}
