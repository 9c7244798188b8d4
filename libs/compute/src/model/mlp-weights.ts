import { ValidationError } from '@corex/platform';
import { SeededRandom } from '../random/seeded-random';

/** Layer sizes of a two-layer perceptron: inputs → hidden (ReLU) → classes (softmax). */
export interface MlpShape {
  readonly inputs: number;
  readonly hidden: number;
  readonly classes: number;
}

/** Parameters of a two-layer perceptron, row-major: W1 [inputs, hidden], W2 [hidden, classes]. */
export interface MlpWeights {
  readonly shape: MlpShape;
  readonly W1: Float32Array;
  readonly b1: Float32Array;
  readonly W2: Float32Array;
  readonly b2: Float32Array;
}

/** Gradients of the loss, one per parameter, laid out like `MlpWeights`. */
export type MlpGradients = MlpWeights;

/** Parameter names in graph-input and serialization order. */
export const MLP_PARAMETERS = ['W1', 'b1', 'W2', 'b2'] as const;
export type MlpParameter = (typeof MLP_PARAMETERS)[number];

/** Element count of each parameter for a shape. */
export function parameterSizes(shape: MlpShape): Record<MlpParameter, number> {
  const { inputs, hidden, classes } = shape;
  return { W1: inputs * hidden, b1: hidden, W2: hidden * classes, b2: classes };
}

/**
 * Seeded initial weights: He-normal for W1 (it feeds a ReLU), Xavier-uniform for W2 (it feeds
 * a softmax), zero biases. The same shape and seed always give the same bytes.
 */
export function initMlpWeights(shape: MlpShape, seed: number): MlpWeights {
  assertShape(shape);
  const random = new SeededRandom(seed);
  const sizes = parameterSizes(shape);
  const heStd = Math.sqrt(2 / shape.inputs);
  const xavierLimit = Math.sqrt(6 / (shape.hidden + shape.classes));
  return {
    shape,
    W1: Float32Array.from({ length: sizes.W1 }, () => random.normal() * heStd),
    b1: new Float32Array(sizes.b1),
    W2: Float32Array.from({ length: sizes.W2 }, () => (random.next() * 2 - 1) * xavierLimit),
    b2: new Float32Array(sizes.b2),
  };
}

/** Throws unless every layer size is a positive integer. */
export function assertShape(shape: MlpShape): void {
  const sizes = [shape.inputs, shape.hidden, shape.classes];
  if (!sizes.every((size) => Number.isInteger(size) && size > 0)) {
    throw new ValidationError('COMPUTE.MLP_SHAPE_INVALID', 'MLP layer sizes must be positive integers', { shape });
  }
}
