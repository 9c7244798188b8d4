import { SeededRandom } from '../random/seeded-random';

/** A labelled table of numeric features, row-major, ready to feed an ONNX graph. */
export interface Dataset {
  /** `rows × featureNames.length` values, row-major. */
  readonly features: Float32Array;
  readonly rows: number;
  readonly featureNames: readonly string[];
  /** Class index per row, into `classNames`. */
  readonly labels: Int32Array;
  readonly classNames: readonly string[];
  /** Regression datasets: the number each row should predict (tensor `t`), and its column's name. */
  readonly targets?: Float32Array;
  readonly targetName?: string;
}

/** One raw record before validation: feature values in `featureNames` order and a class label. */
export interface RawRecord {
  readonly values: readonly unknown[];
  readonly label: unknown;
}

/** A deterministic train / held-out partition of a dataset. */
export interface DatasetSplit {
  readonly train: Dataset;
  readonly heldOut: Dataset;
}

/**
 * Builds a dataset from raw records, dropping any record with a missing or non-numeric feature
 * or without a string label. Class names are the distinct labels, sorted, so indices are stable.
 */
export function tabulate(records: readonly RawRecord[], featureNames: readonly string[]): Dataset {
  const complete = records.filter(isComplete);
  const classNames = [...new Set(complete.map((record) => record.label as string))].sort();
  const features = new Float32Array(complete.length * featureNames.length);
  const labels = new Int32Array(complete.length);
  complete.forEach((record, row) => {
    features.set(record.values as number[], row * featureNames.length);
    labels[row] = classNames.indexOf(record.label as string);
  });
  return { features, rows: complete.length, featureNames, labels, classNames };
}

function isComplete(record: RawRecord): boolean {
  const numeric = record.values.every((value) => typeof value === 'number' && Number.isFinite(value));
  return numeric && typeof record.label === 'string' && record.label.length > 0;
}

/** The dataset restricted to the given rows, in the given order. */
export function selectRows(dataset: Dataset, rowIndices: readonly number[]): Dataset {
  const width = dataset.featureNames.length;
  const features = new Float32Array(rowIndices.length * width);
  const labels = new Int32Array(rowIndices.length);
  rowIndices.forEach((source, target) => {
    features.set(dataset.features.subarray(source * width, (source + 1) * width), target * width);
    labels[target] = dataset.labels[source];
  });
  const targets = dataset.targets && Float32Array.from(rowIndices, (source) => dataset.targets![source]);
  return { ...dataset, features, labels, rows: rowIndices.length, ...(targets ? { targets } : {}) };
}

/**
 * Splits by a seeded shuffle: the first `heldOutFraction` of the shuffled rows are held out.
 * The same seed always gives the same split, so every node agrees on what it trains on.
 */
export function splitDataset(dataset: Dataset, seed: number, heldOutFraction = 0.2): DatasetSplit {
  if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
    throw new RangeError(`heldOutFraction must be in (0, 1), got ${heldOutFraction}`);
  }
  const order = new SeededRandom(seed).permutation(dataset.rows);
  const heldOutRows = Math.round(dataset.rows * heldOutFraction);
  return {
    heldOut: selectRows(dataset, order.slice(0, heldOutRows)),
    train: selectRows(dataset, order.slice(heldOutRows)),
  };
}
