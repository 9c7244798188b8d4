import {
  accuracy,
  applySgdStep,
  decodeTensorMap,
  deserializeMlpWeights,
  featureTensor,
  gradientsFromOutputs,
  predictClasses,
  serializeMlpWeights,
  weightTensors,
  type ComputeSession,
  type Dataset,
  type MlpGradients,
  type MlpShape,
} from '@corex/compute';
import type { BlobReader } from '../runtime/recent-results';
import type { CompletedPart } from './result-documents';

export interface StepOutcome {
  weightsBytes: Uint8Array;
  /** Training loss at the weights the step started from, averaged over rows. */
  loss: number;
  /** Held-out accuracy of the new weights. */
  accuracy: number;
}

/**
 * Aggregates one data-parallel step: the row-weighted mean of every shard's gradients (robust
 * aggregation comes with the verifier), one SGD step, then evaluation on the held-out split.
 */
export async function completeTrainingStep(
  blobs: BlobReader,
  parts: CompletedPart[],
  weightsBytes: Uint8Array,
  learningRate: number,
  heldOut: Dataset,
  forward: ComputeSession,
): Promise<StepOutcome> {
  const weights = deserializeMlpWeights(weightsBytes);
  const shards = await Promise.all(parts.map((p) => readGradient(blobs, p, weights.shape)));
  const totalRows = shards.reduce((sum, s) => sum + s.rows, 0);
  const mean = weightedMean(shards, totalRows, weights.shape);
  const loss = shards.reduce((sum, s) => sum + s.loss * s.rows, 0) / totalRows;
  const next = applySgdStep(weights, mean, learningRate);
  const outputs = await forward.run({ x: featureTensor(heldOut), ...weightTensors(next) });
  const predicted = predictClasses(outputs['probabilities']!.data as Float32Array, next.shape.classes);
  return { weightsBytes: serializeMlpWeights(next), loss, accuracy: accuracy(predicted, heldOut.labels) };
}

async function readGradient(blobs: BlobReader, part: CompletedPart, shape: MlpShape) {
  const bytes = await blobs.get(part.resultHash);
  if (!bytes) throw new Error(`gradient blob ${part.resultHash} is missing`);
  const outputs = decodeTensorMap(bytes);
  return {
    rows: part.rowRange[1] - part.rowRange[0],
    loss: Number((outputs['loss']!.data as Float32Array)[0]),
    gradients: gradientsFromOutputs(outputs, shape),
  };
}

function weightedMean(shards: { rows: number; gradients: MlpGradients }[], totalRows: number, shape: MlpShape): MlpGradients {
  const combine = (name: 'W1' | 'b1' | 'W2' | 'b2') => {
    const out = new Float32Array(shards[0]!.gradients[name].length);
    for (const s of shards) {
      const g = s.gradients[name];
      const w = s.rows / totalRows;
      for (let i = 0; i < out.length; i++) out[i]! += w * g[i]!;
    }
    return out;
  };
  return { shape, W1: combine('W1'), b1: combine('b1'), W2: combine('W2'), b2: combine('b2') };
}
