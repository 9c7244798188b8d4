import type { Update } from './types';

/** Throws unless there is at least one update and all have the same length. */
export function checkedLength(updates: readonly Update[]): number {
  if (updates.length === 0) throw new RangeError('aggregateUpdates needs at least one update');
  const length = updates[0].vector.length;
  for (const u of updates) {
    if (u.vector.length !== length) throw new RangeError(`update lengths differ: ${u.vector.length} vs ${length}`);
  }
  return length;
}

/** Row-weighted mean of the given updates; equal weights when the rows sum to zero or less. */
export function weightedMean(updates: readonly Update[], length: number): Float32Array {
  const totalWeight = updates.reduce((sum, u) => sum + Math.max(0, u.weight), 0);
  const weightOf = (u: Update) => (totalWeight > 0 ? Math.max(0, u.weight) / totalWeight : 1 / updates.length);
  const sum = new Float64Array(length);
  for (const u of updates) {
    const w = weightOf(u);
    for (let j = 0; j < length; j++) sum[j] += w * u.vector[j];
  }
  return Float32Array.from(sum);
}

/** Euclidean norm, accumulated in double precision. */
export function norm(vector: Float32Array): number {
  let sum = 0;
  for (let j = 0; j < vector.length; j++) sum += vector[j] * vector[j];
  return Math.sqrt(sum);
}

/** Squared Euclidean distance, accumulated in double precision. */
export function squaredDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) {
    const d = a[j] - b[j];
    sum += d * d;
  }
  return sum;
}

/** Median of numbers (mean of the two middle ones for an even count). */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
