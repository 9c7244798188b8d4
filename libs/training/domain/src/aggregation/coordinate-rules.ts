import type { AggregationOutcome, Rejection, Update } from './types';

type Reducer = (sorted: Float64Array) => number;

const median: Reducer = (sorted) => {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function trimmedMean(f: number): Reducer {
  return (sorted) => {
    let sum = 0;
    for (let k = f; k < sorted.length - f; k++) sum += sorted[k];
    return sum / (sorted.length - 2 * f);
  };
}

/** Coordinate-wise median, unweighted. */
export function coordinateMedian(updates: readonly Update[], length: number, f: number): AggregationOutcome {
  return coordinateRule(updates, length, f, median);
}

/** Coordinate-wise mean of what is left after dropping the f lowest and f highest values, unweighted. */
export function coordinateTrimmedMean(updates: readonly Update[], length: number, f: number): AggregationOutcome {
  return coordinateRule(updates, length, f, trimmedMean(f));
}

/**
 * Applies `reduce` to each coordinate's sorted values. An update counts as `trimmed` when more than
 * half of its coordinates lie strictly outside the kept range [f-th lowest, f-th highest]. Only
 * coordinates where the updates differ count: where all agree (e.g. the zero gradients of a dead
 * ReLU unit) there is nothing to trim, and a ×100 update would otherwise hide among them.
 */
function coordinateRule(updates: readonly Update[], length: number, f: number, reduce: Reducer): AggregationOutcome {
  const n = updates.length;
  const column = new Float64Array(n);
  const outside = new Uint32Array(n);
  const aggregate = new Float32Array(length);
  let informative = 0;
  for (let j = 0; j < length; j++) {
    for (let i = 0; i < n; i++) column[i] = updates[i].vector[j];
    sortColumn(column);
    aggregate[j] = reduce(column);
    if (f === 0 || column[0] === column[n - 1]) continue;
    informative++;
    const low = column[f];
    const high = column[n - 1 - f];
    for (let i = 0; i < n; i++) {
      const value = updates[i].vector[j];
      if (value < low || value > high) outside[i]++;
    }
  }
  const rejected: Rejection[] = [];
  const selected: number[] = [];
  for (let i = 0; i < n; i++) {
    const share = informative === 0 ? 0 : outside[i] / informative;
    if (share > 0.5) rejected.push({ index: i, reason: 'trimmed', measure: share });
    else selected.push(i);
  }
  return { aggregate, selected, rejected };
}

/** In-place ascending sort; insertion sort for the few updates of a step (several times faster than TypedArray#sort there). */
function sortColumn(column: Float64Array): void {
  if (column.length > 32) {
    column.sort();
    return;
  }
  for (let i = 1; i < column.length; i++) {
    const value = column[i];
    let k = i - 1;
    while (k >= 0 && column[k] > value) {
      column[k + 1] = column[k];
      k--;
    }
    column[k + 1] = value;
  }
}
