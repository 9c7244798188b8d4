/**
 * Benchmark challenge inputs (docs/node-protocol.md, "Benchmark challenges"). Node and verifier
 * must draw bit-identical matrices from a seed, so the generator is specified exactly here.
 */

/** The two size×size float32 matrices of a challenge, row-major. */
export interface ChallengeMatrices {
  readonly a: Float32Array;
  readonly b: Float32Array;
}

/** The mulberry32 state of a challenge seed: its first 4 bytes read as a little-endian uint32. */
export function challengeSeedState(seedHex: string): number {
  if (!/^[0-9a-f]{64}$/.test(seedHex)) throw new RangeError('a challenge seed is 32 bytes as lower-case hex');
  return Buffer.from(seedHex.slice(0, 8), 'hex').readUInt32LE(0);
}

/**
 * The first `count` values of a seed's stream: value k = ((u32 >>> 8) / 2^24) · 2 − 1, with u32
 * the k-th mulberry32 output. Each is exact in float32 (24 significant bits) and lies in [−1, 1).
 */
export function challengeValues(seedHex: string, count: number): Float32Array {
  const values = new Float32Array(count);
  let state = challengeSeedState(seedHex);
  for (let k = 0; k < count; k++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u32 = (t ^ (t >>> 14)) >>> 0;
    values[k] = ((u32 >>> 8) / 16777216) * 2 - 1;
  }
  return values;
}

/** A then B, size×size each, row-major, from one stream of 2·size² values. */
export function challengeMatrices(seedHex: string, size: number): ChallengeMatrices {
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`size must be a positive integer, got ${size}`);
  const values = challengeValues(seedHex, 2 * size * size);
  return { a: values.subarray(0, size * size), b: values.subarray(size * size) };
}

/**
 * The reference answer for one column j: Σ_i relu((A·B)_ij), accumulated in float64. O(size²),
 * so a verifier checks a few columns of an answer that cost the node O(size³).
 */
export function challengeColumn(a: Float32Array, b: Float32Array, size: number, j: number): number {
  if (!Number.isInteger(j) || j < 0 || j >= size) throw new RangeError(`column ${j} is outside 0..${size - 1}`);
  const column = new Float64Array(size);
  for (let k = 0; k < size; k++) column[k] = b[k * size + j];
  let sum = 0;
  for (let i = 0; i < size; i++) {
    const row = i * size;
    let c = 0;
    for (let k = 0; k < size; k++) c += a[row + k] * column[k];
    if (c > 0) sum += c;
  }
  return sum;
}

/** Column sums as sent on the wire: base64 of little-endian float32[size]. */
export function encodeColumnSums(sums: Float32Array): string {
  const bytes = Buffer.alloc(sums.length * 4);
  sums.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}

/** Reads base64 column sums; null when they are not exactly `size` float32 values. */
export function decodeColumnSums(base64: string, size: number): Float32Array | null {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== size * 4 || bytes.toString('base64') !== base64) return null;
  return Float32Array.from({ length: size }, (_, index) => bytes.readFloatLE(index * 4));
}
