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
