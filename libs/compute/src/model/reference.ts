import { layerWidths, type MlpWeights } from './mlp-weights';

/** Activations of one forward pass, row-major, as the ONNX forward graph names them. */
export interface MlpActivations {
  readonly hidden: Float32Array;
  readonly logits: Float32Array;
  readonly probabilities: Float32Array;
}

/**
 * Forward pass in plain JavaScript (float64 arithmetic), independent of onnxruntime: the
 * yardstick for checking a node's ONNX results.
 */
export function referenceMlpForward(weights: MlpWeights, x: Float32Array, rows: number): MlpActivations {
  const { classes } = weights.shape;
  const { hidden, logits } = forward64(weights, x, rows);
  const probabilities = new Float32Array(rows * classes);
  for (let row = 0; row < rows; row++) {
    const rowLogits = Array.from(logits.subarray(row * classes, (row + 1) * classes));
    const normalizer = logSumExp(rowLogits);
    rowLogits.forEach((logit, c) => (probabilities[row * classes + c] = Math.exp(logit - normalizer)));
  }
  return { hidden: Float32Array.from(hidden), logits: Float32Array.from(logits), probabilities };
}

/** Mean softmax cross-entropy of the labels, in float64. */
export function referenceMlpLoss(weights: MlpWeights, x: Float32Array, labels: Int32Array): number {
  const { classes } = weights.shape;
  const { logits } = forward64(weights, x, labels.length);
  let total = 0;
  for (let row = 0; row < labels.length; row++) {
    const rowLogits = Array.from(logits.subarray(row * classes, (row + 1) * classes));
    total += logSumExp(rowLogits) - rowLogits[labels[row]];
  }
  return total / labels.length;
}

/** Mean squared error of a regressor's predictions against the targets, in float64. */
export function referenceMlpSquaredError(weights: MlpWeights, x: Float32Array, targets: Float32Array): number {
  const { logits } = forward64(weights, x, targets.length);
  return targets.reduce((total, target, row) => total + (logits[row]! - target) ** 2, 0) / targets.length;
}

/** `hidden` is the last hidden layer's activations; `logits` the output layer (a regressor's prediction). */
function forward64(weights: MlpWeights, x: Float32Array, rows: number): { hidden: Float64Array; logits: Float64Array } {
  const widths = layerWidths(weights.shape);
  let activation: Float32Array | Float64Array = x;
  for (let k = 1; k < widths.length - 1; k++) {
    activation = affine(activation, rows, widths[k - 1]!, weights[`W${k}`], weights[`b${k}`], widths[k]!).map((value) => Math.max(0, value));
  }
  const last = widths.length - 1;
  const logits = affine(activation, rows, widths[last - 1]!, weights[`W${last}`], weights[`b${last}`], widths[last]!);
  return { hidden: activation as Float64Array, logits };
}

function affine(
  x: Float32Array | Float64Array,
  rows: number,
  inputs: number,
  weights: Float32Array,
  bias: Float32Array,
  outputs: number,
): Float64Array {
  const result = new Float64Array(rows * outputs);
  for (let row = 0; row < rows; row++) {
    for (let out = 0; out < outputs; out++) {
      let sum = bias[out];
      for (let k = 0; k < inputs; k++) sum += x[row * inputs + k] * weights[k * outputs + out];
      result[row * outputs + out] = sum;
    }
  }
  return result;
}

function logSumExp(values: readonly number[]): number {
  const peak = Math.max(...values);
  return peak + Math.log(values.reduce((sum, value) => sum + Math.exp(value - peak), 0));
}
