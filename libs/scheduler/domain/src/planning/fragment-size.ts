import { layerWidths, parameterCount, type MlpShape } from '@corex/compute';

/** The work in one fragment, as the matcher sees it. */
export interface FragmentSize {
  readonly rows: number;
  /** Floating-point operations, estimated from the model's layer sizes. */
  readonly flops: number;
  /** Peak memory the node needs for the fragment, safety factor included. */
  readonly memoryBytes: number;
}

const FLOAT32_BYTES = 4;
/**
 * Estimates count tensors only; onnxruntime also holds pre-activation and softmax temporaries
 * and its arena rounds allocations up. Doubling covers both without measuring every graph.
 */
export const MEMORY_SAFETY_FACTOR = 2;
/** Standardize / min-max / noise each touch a value with about this many operations. */
const PREPROCESS_FLOPS_PER_VALUE = 4;

const bytes = (floats: number): number => Math.ceil(floats * FLOAT32_BYTES * MEMORY_SAFETY_FACTOR);

/** Activations of one row: every hidden layer's and the output's. */
const activationsPerRow = (shape: MlpShape): number => layerWidths(shape).slice(1).reduce((a, b) => a + b, 0);

/** Multiply-adds of one forward pass: 2 · rows · Σ width_{k-1}·width_k (inputs·hidden + hidden·classes for one hidden layer). */
export function forwardFlops(rows: number, shape: MlpShape): number {
  const widths = layerWidths(shape);
  return 2 * rows * widths.slice(1).reduce((sum, width, k) => sum + widths[k]! * width, 0);
}

/** A forward batch (inference, feature extraction): inputs + activations + weights. */
export function forwardSize(rows: number, shape: MlpShape): FragmentSize {
  const floats = rows * shape.inputs + rows * activationsPerRow(shape) + parameterCount(shape);
  return { rows, flops: forwardFlops(rows, shape), memoryBytes: bytes(floats) };
}

/**
 * A gradient shard: forward plus backward (≈ 3× forward flops). Backward keeps the
 * activations and their gradients, and the weight gradients beside the weights.
 */
export function gradientSize(rows: number, shape: MlpShape): FragmentSize {
  const labels = rows;
  const floats = rows * shape.inputs + labels + 2 * rows * activationsPerRow(shape) + 2 * parameterCount(shape);
  return { rows, flops: 3 * forwardFlops(rows, shape), memoryBytes: bytes(floats) };
}

/** A preprocessing slice: the slice in and the slice out. */
export function preprocessSize(rows: number, features: number): FragmentSize {
  const values = rows * features;
  return { rows, flops: PREPROCESS_FLOPS_PER_VALUE * values, memoryBytes: bytes(2 * values) };
}
