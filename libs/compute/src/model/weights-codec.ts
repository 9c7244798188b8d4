import { ValidationError } from '@corex/platform';
import { MLP_PARAMETERS, assertShape, parameterSizes, type MlpShape, type MlpWeights } from './mlp-weights';

const MAGIC = 'CXW1';
const HEADER_BYTES = 16;

/**
 * Encodes weights as bytes, so they can be stored and addressed by their sha256.
 *
 * Format (all little-endian): 4 ASCII bytes `CXW1`; uint32 inputs, hidden, classes; then the
 * float32 values of W1, b1, W2, b2 in that order, each row-major.
 */
export function serializeMlpWeights(weights: MlpWeights): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES + 4 * totalParameters(weights.shape));
  const view = new DataView(bytes.buffer);
  bytes.set(Buffer.from(MAGIC, 'ascii'), 0);
  [weights.shape.inputs, weights.shape.hidden, weights.shape.classes].forEach((size, index) =>
    view.setUint32(4 + 4 * index, size, true),
  );
  let offset = HEADER_BYTES;
  for (const name of MLP_PARAMETERS) {
    for (const value of weights[name]) {
      view.setFloat32(offset, value, true);
      offset += 4;
    }
  }
  return bytes;
}

/** Decodes bytes written by `serializeMlpWeights`; throws a ValidationError on anything else. */
export function deserializeMlpWeights(bytes: Uint8Array): MlpWeights {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER_BYTES || Buffer.from(bytes.subarray(0, 4)).toString('ascii') !== MAGIC) {
    throw invalid('not an MLP weights blob (bad magic)');
  }
  const [inputs, hidden, classes] = [4, 8, 12].map((offset) => view.getUint32(offset, true));
  const shape: MlpShape = { inputs, hidden, classes };
  assertShape(shape);
  if (bytes.byteLength !== HEADER_BYTES + 4 * totalParameters(shape)) {
    throw invalid(`length ${bytes.byteLength} does not match shape ${inputs}→${hidden}→${classes}`);
  }
  const sizes = parameterSizes(shape);
  let offset = HEADER_BYTES;
  const read = (count: number): Float32Array => {
    const values = Float32Array.from({ length: count }, (_, index) => view.getFloat32(offset + 4 * index, true));
    offset += 4 * count;
    return values;
  };
  return { shape, W1: read(sizes.W1), b1: read(sizes.b1), W2: read(sizes.W2), b2: read(sizes.b2) };
}

function totalParameters(shape: MlpShape): number {
  return Object.values(parameterSizes(shape)).reduce((sum, size) => sum + size, 0);
}

function invalid(message: string): ValidationError {
  return new ValidationError('COMPUTE.WEIGHTS_INVALID', message);
}
