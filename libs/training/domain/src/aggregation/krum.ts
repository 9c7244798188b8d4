import type { AggregationOutcome, Update } from './types';
import { squaredDistance, weightedMean } from './vectors';

/**
 * Krum score of each update (Blanchard et al. 2017): the sum of squared distances to its
 * n − f − 2 nearest other updates (at least one when there is another update).
 */
export function krumScores(updates: readonly Update[], f: number): number[] {
  const n = updates.length;
  const distances = Array.from({ length: n }, () => new Float64Array(n));
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const d = squaredDistance(updates[a].vector, updates[b].vector);
      distances[a][b] = d;
      distances[b][a] = d;
    }
  }
  const neighbours = Math.min(n - 1, Math.max(1, n - f - 2));
  return distances.map((row, i) => {
    const others = Array.from(row).filter((_, j) => j !== i).sort((x, y) => x - y);
    return others.slice(0, neighbours).reduce((sum, d) => sum + d, 0);
  });
}

/** Indices ordered by Krum score, ties by index. */
function ranked(scores: readonly number[]): number[] {
  return scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b] || a - b);
}

/** Krum: the single update with the smallest score; the others are `excluded` (measure = score). */
export function krum(updates: readonly Update[], f: number): AggregationOutcome {
  return selectByScore(updates, f, 1);
}

/** Multi-Krum: the row-weighted mean of the m = n − f best-scored updates. */
export function multiKrum(updates: readonly Update[], f: number): AggregationOutcome {
  return selectByScore(updates, f, updates.length - f);
}

function selectByScore(updates: readonly Update[], f: number, keep: number): AggregationOutcome {
  const scores = krumScores(updates, f);
  const kept = new Set(ranked(scores).slice(0, keep));
  const selected = [...kept].sort((a, b) => a - b);
  const aggregate = weightedMean(selected.map((i) => updates[i]), updates[0].vector.length);
  const rejected = updates
    .map((_, i) => i)
    .filter((i) => !kept.has(i))
    .map((index) => ({ index, reason: 'excluded' as const, measure: scores[index] }));
  return { aggregate, selected, rejected };
}
