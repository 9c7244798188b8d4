import { ValidationError } from '@corex/platform';
import {
  assertShape,
  hiddenLayersOf,
  objectiveOf,
  parameterCount,
  parameterNames,
  parameterSizes,
  weightsOf,
  type MlpShape,
  type MlpWeights,
} from './mlp-weights';

const CXW1 = 'CXW1';
const CXW2 = 'CXW2';
const CXW1_HEADER_BYTES = 16;
const CXW2_HEADER_BYTES = 28;
const OBJECTIVE_CODES = ['classification', 'regression'] as const;

/**
 * Encodes weights as bytes, so they can be stored and addressed by their sha256.
 *
 * CXW1 (a one-hidden-layer classifier without standardization, the catalog MLPs), all
 * little-endian: 4 ASCII bytes `CXW1`; uint32 inputs, hidden, classes; then the float32 values
 * of W1, b1, W2, b2 in that order, each row-major.
 *
 * CXW2 (any other): `CXW2`; uint32 objective (0 classification, 1 regression), hidden layers L,
 * inputs, hidden, outputs, standardized (0 or 1); the float32 values of W1, b1, …, W_{L+1},
 * b_{L+1}; then, when standardized, float32 mean[inputs] and std[inputs].
 */
export function serializeMlpWeights(weights: MlpWeights): Uint8Array {
  const { shape, standardization } = weights;
  const legacy = hiddenLayersOf(shape) === 1 && objectiveOf(shape) === 'classification' && !standardization;
  const statsCount = standardization ? 2 * shape.inputs : 0;
  const headerBytes = legacy ? CXW1_HEADER_BYTES : CXW2_HEADER_BYTES;
  const bytes = new Uint8Array(headerBytes + 4 * (parameterCount(shape) + statsCount));
  const view = new DataView(bytes.buffer);
  bytes.set(Buffer.from(legacy ? CXW1 : CXW2, 'ascii'), 0);
  const header = legacy
    ? [shape.inputs, shape.hidden, shape.classes]
    : [OBJECTIVE_CODES.indexOf(objectiveOf(shape)), hiddenLayersOf(shape), shape.inputs, shape.hidden, shape.classes, standardization ? 1 : 0];
  header.forEach((value, index) => view.setUint32(4 + 4 * index, value, true));
  let offset = headerBytes;
  const write = (values: Float32Array) => {
    for (const value of values) {
      view.setFloat32(offset, value, true);
      offset += 4;
    }
  };
  for (const name of parameterNames(shape)) write(weights[name]);
  if (standardization) [standardization.mean, standardization.std].forEach(write);
  return bytes;
}

/** Decodes bytes written by `serializeMlpWeights` (CXW1 or CXW2); throws a ValidationError on anything else. */
export function deserializeMlpWeights(bytes: Uint8Array): MlpWeights {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = bytes.byteLength >= CXW1_HEADER_BYTES ? Buffer.from(bytes.subarray(0, 4)).toString('ascii') : '';
  const header = (count: number) => Array.from({ length: count }, (_, index) => view.getUint32(4 + 4 * index, true));
  if (magic === CXW1) {
    const [inputs, hidden, classes] = header(3) as [number, number, number];
    return readParameters(view, { inputs, hidden, classes }, CXW1_HEADER_BYTES, false);
  }
  if (magic === CXW2 && bytes.byteLength >= CXW2_HEADER_BYTES) {
    const [objectiveCode, hiddenLayers, inputs, hidden, classes, standardized] = header(6) as number[];
    const objective = OBJECTIVE_CODES[objectiveCode!];
    if (!objective || (standardized !== 0 && standardized !== 1)) throw invalid(`CXW2 header is malformed (objective ${objectiveCode}, standardized ${standardized})`);
    const shape: MlpShape = { inputs: inputs!, hidden: hidden!, classes: classes!, ...(hiddenLayers !== 1 ? { hiddenLayers } : {}), ...(objective !== 'classification' ? { objective } : {}) };
    return readParameters(view, shape, CXW2_HEADER_BYTES, standardized === 1);
  }
  throw invalid('not an MLP weights blob (bad magic)');
}

function readParameters(view: DataView, shape: MlpShape, headerBytes: number, standardized: boolean): MlpWeights {
  try {
    assertShape(shape);
  } catch {
    throw invalid(`shape ${JSON.stringify(shape)} is not a valid MLP`);
  }
  const expected = headerBytes + 4 * (parameterCount(shape) + (standardized ? 2 * shape.inputs : 0));
  if (view.byteLength !== expected) {
    throw invalid(`length ${view.byteLength} does not match shape ${shape.inputs}→${shape.hidden}→${shape.classes}`);
  }
  let offset = headerBytes;
  const read = (count: number): Float32Array => {
    const values = Float32Array.from({ length: count }, (_, index) => view.getFloat32(offset + 4 * index, true));
    offset += 4 * count;
    return values;
  };
  const sizes = parameterSizes(shape);
  const values = parameterNames(shape).map((name) => read(sizes[name]));
  const standardization = standardized ? { mean: read(shape.inputs), std: read(shape.inputs) } : undefined;
  return weightsOf(shape, values, standardization);
}

function invalid(message: string): ValidationError {
  return new ValidationError('COMPUTE.WEIGHTS_INVALID', message);
}
