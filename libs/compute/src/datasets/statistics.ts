import type { Dataset } from './dataset';

/** Per-feature mean and standard deviation, the inputs of the standardize graph. */
export interface StandardizationStats {
  readonly mean: Float32Array;
  readonly std: Float32Array;
}

/** Per-feature minimum and maximum, the inputs of the min-max graph. */
export interface MinMaxStats {
  readonly min: Float32Array;
  readonly max: Float32Array;
}

/**
 * Mean and population standard deviation of each feature. Compute it on the training split only,
 * so nothing about the held-out rows leaks into the model. A constant feature gets std 1, which
 * maps it to 0 instead of dividing by zero.
 */
export function computeStandardization(dataset: Dataset): StandardizationStats {
  const columns = columnValues(dataset);
  const mean = Float32Array.from(columns, (column) => average(column));
  const std = Float32Array.from(columns, (column, feature) => {
    const spread = Math.sqrt(average(column.map((value) => (value - mean[feature]) ** 2)));
    return spread > 0 ? spread : 1;
  });
  return { mean, std };
}

/** Minimum and maximum of each feature. */
export function computeMinMax(dataset: Dataset): MinMaxStats {
  const columns = columnValues(dataset);
  return {
    min: Float32Array.from(columns, (column) => column.reduce((low, value) => Math.min(low, value), Infinity)),
    max: Float32Array.from(columns, (column) => column.reduce((high, value) => Math.max(high, value), -Infinity)),
  };
}

function columnValues(dataset: Dataset): number[][] {
  const width = dataset.featureNames.length;
  return dataset.featureNames.map((_, feature) =>
    Array.from({ length: dataset.rows }, (_, row) => dataset.features[row * width + feature]),
  );
}

function average(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
