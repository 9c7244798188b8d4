import { ValidationError } from '@corex/platform';
import type { StandardizationStats } from '../datasets/statistics';
import { SeededRandom } from '../random/seeded-random';

/** What a network is trained to do: pick a class (softmax cross-entropy) or predict a number (mean squared error). */
export const OBJECTIVES = ['classification', 'regression'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** Most hidden layers a dataset-sized MLP may have. */
export const MAX_HIDDEN_LAYERS = 4;

/**
 * Layer sizes of a perceptron: inputs → `hiddenLayers` × hidden (ReLU) → classes. `classes` is
 * the width of the last layer: the classes of a classifier (softmax), 1 for a regressor (linear).
 * Absent `hiddenLayers` and `objective` mean 1 and classification: the two-layer catalog MLPs.
 */
export interface MlpShape {
  readonly inputs: number;
  readonly hidden: number;
  readonly classes: number;
  readonly hiddenLayers?: number;
  readonly objective?: Objective;
}

/** `W1`, `b1`, `W2`, …: the weight matrix and bias of each layer, counted from the input. */
export type ParameterName = `W${number}` | `b${number}`;

/**
 * Parameters of a perceptron, row-major: W_k [width_{k-1}, width_k], b_k [width_k]. W1..b2
 * exist at every depth; deeper networks add W3, b3, and so on.
 */
export interface MlpWeights {
  readonly shape: MlpShape;
  readonly W1: Float32Array;
  readonly b1: Float32Array;
  readonly W2: Float32Array;
  readonly b2: Float32Array;
  readonly [name: ParameterName]: Float32Array;
  /**
   * The feature standardization of the training split these weights learned on, when they carry
   * it: the network reads (x - mean) / std, so whoever runs it must standardize the same way.
   */
  readonly standardization?: StandardizationStats;
}

/** Gradients of the loss, one per parameter, laid out like `MlpWeights`. */
export type MlpGradients = MlpWeights;

/** Parameter names of the two-layer perceptron, in graph-input and serialization order. */
export const MLP_PARAMETERS = ['W1', 'b1', 'W2', 'b2'] as const;
export type MlpParameter = (typeof MLP_PARAMETERS)[number];

/** Hidden layers of a shape (1 when unsaid). */
export const hiddenLayersOf = (shape: MlpShape): number => shape.hiddenLayers ?? 1;

/** Objective of a shape (classification when unsaid). */
export const objectiveOf = (shape: MlpShape): Objective => shape.objective ?? 'classification';

/**
 * A shape with the defaults left out, so that a one-hidden-layer classifier is exactly the
 * two-layer catalog shape (same JSON, same weights format).
 */
export function mlpShape(shape: MlpShape): MlpShape {
  const { inputs, hidden, classes } = shape;
  const layers = hiddenLayersOf(shape);
  const objective = objectiveOf(shape);
  return {
    inputs,
    hidden,
    classes,
    ...(layers !== 1 ? { hiddenLayers: layers } : {}),
    ...(objective !== 'classification' ? { objective } : {}),
  };
}

/** Widths from the input to the output: [inputs, hidden, …, hidden, classes]. */
export function layerWidths(shape: MlpShape): number[] {
  return [shape.inputs, ...Array<number>(hiddenLayersOf(shape)).fill(shape.hidden), shape.classes];
}

/** Parameter names in graph-input and serialization order: W1, b1, …, W_{L+1}, b_{L+1}. */
export function parameterNames(shape: MlpShape): ParameterName[] {
  return Array.from({ length: hiddenLayersOf(shape) + 1 }, (_, k) => [`W${k + 1}`, `b${k + 1}`] as ParameterName[]).flat();
}

/** Dims of each parameter. */
export function parameterDims(shape: MlpShape): Record<ParameterName, number[]> {
  const widths = layerWidths(shape);
  const dims: Record<ParameterName, number[]> = {};
  for (let k = 1; k < widths.length; k++) {
    dims[`W${k}`] = [widths[k - 1]!, widths[k]!];
    dims[`b${k}`] = [widths[k]!];
  }
  return dims;
}

/** Element count of each parameter for a shape. */
export function parameterSizes(shape: MlpShape): Record<ParameterName, number> & Record<MlpParameter, number> {
  const dims = parameterDims(shape);
  return Object.fromEntries(Object.entries(dims).map(([name, d]) => [name, d.reduce((a, b) => a * b, 1)])) as Record<ParameterName, number> &
    Record<MlpParameter, number>;
}

/** Parameters of a shape, all of them. */
export function parameterCount(shape: MlpShape): number {
  return Object.values(parameterSizes(shape)).reduce((sum, size) => sum + size, 0);
}

/** Builds weights from one array per parameter, in `parameterNames` order. */
export function weightsOf(shape: MlpShape, values: readonly Float32Array[], standardization?: StandardizationStats): MlpWeights {
  const names = parameterNames(shape);
  const entries = Object.fromEntries(names.map((name, index) => [name, values[index]!]));
  return { shape, ...entries, ...(standardization ? { standardization } : {}) } as MlpWeights;
}

/**
 * Seeded initial weights: He-normal for the matrices that feed a ReLU, Xavier-uniform for the
 * last one (it feeds a softmax or is the output), zero biases. The same shape and seed always
 * give the same bytes; a one-hidden-layer shape draws exactly what the two-layer MLP always did.
 */
export function initMlpWeights(shape: MlpShape, seed: number): MlpWeights {
  assertShape(shape);
  const random = new SeededRandom(seed);
  const widths = layerWidths(shape);
  const values: Float32Array[] = [];
  for (let k = 1; k < widths.length; k++) {
    const [fanIn, fanOut] = [widths[k - 1]!, widths[k]!];
    const last = k === widths.length - 1;
    const heStd = Math.sqrt(2 / fanIn);
    const xavierLimit = Math.sqrt(6 / (fanIn + fanOut));
    const draw = last ? () => (random.next() * 2 - 1) * xavierLimit : () => random.normal() * heStd;
    values.push(Float32Array.from({ length: fanIn * fanOut }, draw), new Float32Array(fanOut));
  }
  return weightsOf(shape, values);
}

/** Throws unless every layer size is a positive integer and the depth is 1..MAX_HIDDEN_LAYERS. */
export function assertShape(shape: MlpShape): void {
  const sizes = [shape.inputs, shape.hidden, shape.classes];
  const layers = hiddenLayersOf(shape);
  const valid =
    sizes.every((size) => Number.isInteger(size) && size > 0) &&
    Number.isInteger(layers) &&
    layers >= 1 &&
    layers <= MAX_HIDDEN_LAYERS &&
    (OBJECTIVES as readonly string[]).includes(objectiveOf(shape)) &&
    (objectiveOf(shape) === 'classification' || shape.classes === 1);
  if (!valid) {
    throw new ValidationError('COMPUTE.MLP_SHAPE_INVALID', 'MLP layer sizes must be positive integers, 1..4 hidden layers, one output for regression', { shape });
  }
}
