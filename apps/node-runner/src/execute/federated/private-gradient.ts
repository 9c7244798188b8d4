import type { InferenceSession } from 'onnxruntime-node';
import { buildFeeds, gradientsFromOutputs, labelTensor, weightTensors, type MlpWeights } from '@corex/compute';
import { fromOrtTensor, toOrtTensors } from '../ort-tensors';
import type { PrivateGradient } from './local-training';

/** The private rows as the gradient graph reads them: standardized features and class indices. */
export interface PrivateBatch {
  readonly x: Float32Array;
  readonly labels: Int32Array;
  readonly rows: number;
  readonly width: number;
}

/** Runs the job's gradient graph (a loaded onnxruntime session) on the private batch at any weights. */
export function privateGradientOn(session: InferenceSession, batch: PrivateBatch): PrivateGradient {
  const input = toOrtTensors({ x: { data: batch.x, dims: [batch.rows, batch.width] }, y: labelTensor(batch.labels) });
  return async (weights: MlpWeights) => {
    const feeds = buildFeeds(session.inputNames, { input, weights: toOrtTensors(weightTensors(weights)) });
    const fetched = await session.run(feeds);
    const outputs = Object.fromEntries(Object.entries(fetched).map(([name, tensor]) => [name, fromOrtTensor(name, tensor)]));
    return { loss: Number(outputs['loss']?.data[0]), gradients: gradientsFromOutputs(outputs, weights.shape) };
  };
}
