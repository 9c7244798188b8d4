/** Index of the largest score in each row of a `rows × classes` matrix. */
export function predictClasses(scores: Float32Array, classes: number): Int32Array {
  const rows = scores.length / classes;
  const predictions = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    let best = 0;
    for (let c = 1; c < classes; c++) {
      if (scores[row * classes + c] > scores[row * classes + best]) best = c;
    }
    predictions[row] = best;
  }
  return predictions;
}

/** Fraction of predictions equal to the labels. */
export function accuracy(predictions: Int32Array, labels: Int32Array): number {
  if (predictions.length !== labels.length || labels.length === 0) {
    throw new RangeError(`cannot score ${predictions.length} predictions against ${labels.length} labels`);
  }
  return predictions.filter((predicted, row) => predicted === labels[row]).length / labels.length;
}

/** Held-out quality of a regressor: root mean squared error and the coefficient of determination. */
export interface RegressionMetrics {
  readonly rmse: number;
  /** 1 − SSE / SST: 1 is perfect, 0 is no better than predicting the mean, below 0 worse. */
  readonly r2: number;
}

/** RMSE and R² of predictions against targets (R² is 0 when the targets do not vary and the predictions miss). */
export function regressionMetrics(predictions: Float32Array, targets: Float32Array): RegressionMetrics {
  if (predictions.length !== targets.length || targets.length === 0) {
    throw new RangeError(`cannot score ${predictions.length} predictions against ${targets.length} targets`);
  }
  const mean = targets.reduce((sum, value) => sum + value, 0) / targets.length;
  let squaredError = 0;
  let variation = 0;
  targets.forEach((target, row) => {
    squaredError += (predictions[row]! - target) ** 2;
    variation += (target - mean) ** 2;
  });
  const r2 = variation > 0 ? 1 - squaredError / variation : squaredError === 0 ? 1 : 0;
  return { rmse: Math.sqrt(squaredError / targets.length), r2 };
}
