import {
  accuracy,
  applySgdStep,
  decodeTensorMap,
  deserializeMlpWeights,
  featureTensor,
  gradientsFromOutputs,
  objectiveOf,
  parameterNames,
  predictClasses,
  regressionMetrics,
  serializeMlpWeights,
  weightsOf,
  weightTensors,
  type ComputeSession,
  type Dataset,
  type MlpGradients,
  type MlpShape,
  type MlpWeights,
} from '@corex/compute';
import type { BlobReader } from '../runtime/recent-results';
import type { CompletedPart } from './result-documents';

/** Held-out quality of weights: accuracy for a classifier, RMSE and R² for a regressor (none for a trainable graph without an output to judge). */
export type HeldOutMetrics = { accuracy: number } | { rmse: number; r2: number } | Record<string, never>;

export interface StepOutcome {
  weightsBytes: Uint8Array;
  /** Training loss at the weights the step started from, averaged over rows. */
  loss: number;
  /** Held-out metrics of the new weights. */
  metrics: HeldOutMetrics;
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
  return { weightsBytes: serializeMlpWeights(next), loss, metrics: await evaluate(next, heldOut, forward) };
}

/** The held-out metrics of weights, run through the forward graph of their shape. */
export async function evaluate(weights: MlpWeights, heldOut: Dataset, forward: ComputeSession): Promise<HeldOutMetrics> {
  const outputs = await forward.run({ x: featureTensor(heldOut), ...weightTensors(weights) });
  if (objectiveOf(weights.shape) === 'regression') {
    return regressionMetrics(outputs['prediction']!.data as Float32Array, heldOut.targets!);
  }
  const predicted = predictClasses(outputs['probabilities']!.data as Float32Array, weights.shape.classes);
  return { accuracy: accuracy(predicted, heldOut.labels) };
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
  const combine = (name: `W${number}` | `b${number}`) => {
    const out = new Float32Array(shards[0]!.gradients[name].length);
    for (const s of shards) {
      const g = s.gradients[name];
      const w = s.rows / totalRows;
      for (let i = 0; i < out.length; i++) out[i]! += w * g[i]!;
    }
    return out;
  };
  return weightsOf(shape, parameterNames(shape).map(combine));
}
