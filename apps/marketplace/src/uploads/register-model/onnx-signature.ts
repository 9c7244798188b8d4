import * as ort from 'onnxruntime-node';
import { ValidationError } from '@corex/platform';
import type { TensorSignature } from '@corex/marketplace-domain';

export interface OnnxSignature {
  inputs: TensorSignature[];
  outputs: TensorSignature[];
}

/**
 * Loads the bytes with onnxruntime (CPU) as the nodes will, and reads the graph's inputs and
 * outputs: name, element type and shape (numbers, or names for symbolic dimensions).
 * Anything onnxruntime cannot load is MODEL.INVALID_ONNX.
 */
export async function inspectOnnx(bytes: Uint8Array): Promise<OnnxSignature> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  } catch (err) {
    const why = err instanceof Error ? err.message.slice(0, 200) : 'unknown error';
    throw new ValidationError('MODEL.INVALID_ONNX', `the file is not an ONNX model onnxruntime can load: ${why}`);
  }
  try {
    return { inputs: session.inputMetadata.map(signatureOf), outputs: session.outputMetadata.map(signatureOf) };
  } finally {
    await session.release();
  }
}

function signatureOf(m: ort.InferenceSession.ValueMetadata): TensorSignature {
  if (!m.isTensor) return { name: m.name, type: 'non-tensor', dims: [] };
  return { name: m.name, type: m.type, dims: [...m.shape] };
}
