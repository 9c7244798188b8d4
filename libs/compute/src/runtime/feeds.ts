import { ValidationError } from '@corex/platform';
import type { Dataset } from '../datasets/dataset';
import { parameterSizes, type MlpGradients, type MlpParameter, type MlpShape } from '../model/mlp-weights';
import type { MlpWeights } from '../model/mlp-weights';
import type { TensorData, TensorMap } from './session';

/** The `x` feed of a dataset: `[rows, features]` float32. */
export function featureTensor(dataset: Pick<Dataset, 'features' | 'rows' | 'featureNames'>): TensorData {
  return { data: dataset.features, dims: [dataset.rows, dataset.featureNames.length] };
}

/** The `y` feed of class labels: `[rows]` int64. */
export function labelTensor(labels: Int32Array): TensorData {
  return { data: BigInt64Array.from(labels, (label) => BigInt(label)), dims: [labels.length] };
}

/** The W1, b1, W2, b2 feeds of the MLP graphs. */
export function weightTensors(weights: MlpWeights): TensorMap {
  const { inputs, hidden, classes } = weights.shape;
  return {
    W1: { data: weights.W1, dims: [inputs, hidden] },
    b1: { data: weights.b1, dims: [hidden] },
    W2: { data: weights.W2, dims: [hidden, classes] },
    b2: { data: weights.b2, dims: [classes] },
  };
}

/** Reads the dW1, db1, dW2, db2 outputs of the gradient graph as `MlpGradients`. */
export function gradientsFromOutputs(outputs: TensorMap, shape: MlpShape): MlpGradients {
  const sizes = parameterSizes(shape);
  const read = (name: MlpParameter): Float32Array => {
    const tensor = outputs[`d${name}`];
    if (!(tensor?.data instanceof Float32Array) || tensor.data.length !== sizes[name]) {
      throw new TypeError(`gradient output d${name} is missing or has the wrong size`);
    }
    return tensor.data;
  };
  return { shape, W1: read('W1'), b1: read('b1'), W2: read('W2'), b2: read('b2') };
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
