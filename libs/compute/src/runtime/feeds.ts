import { ValidationError } from '@corex/platform';
import type { Dataset } from '../datasets/dataset';
import { parameterDims, parameterNames, parameterSizes, weightsOf, type MlpGradients, type MlpShape, type MlpWeights, type ParameterName } from '../model/mlp-weights';
import type { TensorData, TensorMap } from './session';

/** The `x` feed of a dataset: `[rows, features]` float32. */
export function featureTensor(dataset: Pick<Dataset, 'features' | 'rows' | 'featureNames'>): TensorData {
  return { data: dataset.features, dims: [dataset.rows, dataset.featureNames.length] };
}

/** The `y` feed of class labels: `[rows]` int64. */
export function labelTensor(labels: Int32Array): TensorData {
  return { data: BigInt64Array.from(labels, (label) => BigInt(label)), dims: [labels.length] };
}

/** The `t` feed of regression targets: `[rows]` float32. */
export function targetTensor(targets: Float32Array): TensorData {
  return { data: targets, dims: [targets.length] };
}

/** The W1, b1, …, W_{L+1}, b_{L+1} feeds of the MLP graphs (a standardization the weights carry is not a feed). */
export function weightTensors(weights: MlpWeights): TensorMap {
  const dims = parameterDims(weights.shape);
  return Object.fromEntries(parameterNames(weights.shape).map((name) => [name, { data: weights[name], dims: dims[name] }]));
}

/** Reads the d<parameter> outputs of the gradient graph (dW1, db1, …) as `MlpGradients`. */
export function gradientsFromOutputs(outputs: TensorMap, shape: MlpShape): MlpGradients {
  const sizes = parameterSizes(shape);
  const read = (name: ParameterName): Float32Array => {
    const tensor = outputs[`d${name}`];
    if (!(tensor?.data instanceof Float32Array) || tensor.data.length !== sizes[name]) {
      throw new TypeError(`gradient output d${name} is missing or has the wrong size`);
    }
    return tensor.data;
  };
  return weightsOf(shape, parameterNames(shape).map(read));
}

/**
 * Rows [start, end) of every tensor of a map, along the first dimension, as views (no copy).
 * Throws COMPUTE.ROWS_OUT_OF_RANGE when a tensor has no such rows (or no first dimension).
 */
export function sliceRows(tensors: TensorMap, [start, end]: readonly [number, number]): TensorMap {
  const sliced: TensorMap = {};
  for (const [name, { data, dims }] of Object.entries(tensors)) {
    const rows = dims[0];
    if (rows === undefined || !(0 <= start && start < end && end <= rows)) {
      throw new ValidationError('COMPUTE.ROWS_OUT_OF_RANGE', `rows [${start}, ${end}) are not in ${name} (${rows ?? 0} rows)`, { name, start, end, rows });
    }
    const width = dims.slice(1).reduce((a, b) => a * b, 1);
    sliced[name] = { data: data.subarray(start * width, end * width), dims: [end - start, ...dims.slice(1)] };
  }
  return sliced;
}
