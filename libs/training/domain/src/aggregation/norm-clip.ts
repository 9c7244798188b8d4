import type { AggregationOutcome, Rejection, Update } from './types';
import { medianOf, norm, weightedMean } from './vectors';

/**
 * Norm clipping: each update scaled down to at most `clipNorm` (default: the median update norm),
 * then the row-weighted mean. Scaled updates are reported `clipped` with the factor as measure.
 */
export function normClip(updates: readonly Update[], length: number, clipNorm?: number): AggregationOutcome {
  const norms = updates.map((u) => norm(u.vector));
  const bound = clipNorm ?? medianOf(norms);
  if (!(bound >= 0)) throw new RangeError(`clipNorm must be a non-negative number: ${bound}`);
  const rejected: Rejection[] = [];
  const clipped = updates.map((u, index) => {
    if (norms[index] <= bound) return u;
    const factor = norms[index] === 0 ? 1 : bound / norms[index];
    rejected.push({ index, reason: 'clipped', measure: factor });
    return { weight: u.weight, vector: u.vector.map((x) => x * factor) };
  });
  return { aggregate: weightedMean(clipped, length), selected: updates.map((_, i) => i), rejected };
}
