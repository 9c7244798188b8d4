import {
  accuracy,
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
  type MlpShape,
  type MlpWeights,
} from '@corex/compute';
import type { AdamState, Rejection } from '@corex/training-domain';
import type { BlobReader } from '../runtime/recent-results';
import type { CompletedPart } from './result-documents';
import { flatten, unflatten, updateParameters, type StepUpdateConfig } from './step-update';

/** Held-out quality of weights: accuracy for a classifier, RMSE and R² for a regressor (none for a trainable graph without an output to judge). */
export type HeldOutMetrics = { accuracy: number } | { rmse: number; r2: number } | Record<string, never>;

export interface StepOutcome {
  weightsBytes: Uint8Array;
  /** Training loss at the weights the step started from, averaged over the counted rows. */
  loss: number;
  /** Held-out metrics of the new weights. */
  metrics: HeldOutMetrics;
  /** The rule's rejections, by index into the parts. */
  rejected: readonly Rejection[];
  /** Adam's moments after the step (absent for SGD). */
  adam?: AdamState;
}

/**
 * Aggregates one data-parallel step: every counted shard's gradient, flattened in
 * `parameterNames` order, is one update weighted by its rows; the job's rule combines them
 * (mean: the row-weighted mean), its optimizer steps, then the held-out split is evaluated.
 */
export async function completeTrainingStep(
  blobs: BlobReader,
  parts: CompletedPart[],
  weightsBytes: Uint8Array,
  config: StepUpdateConfig,
  adam: AdamState | null,
  heldOut: Dataset,
  forward: ComputeSession,
): Promise<StepOutcome> {
  const weights = deserializeMlpWeights(weightsBytes);
  const names = parameterNames(weights.shape);
  const shards = await Promise.all(parts.map((p) => readGradient(blobs, p, weights.shape)));
  const totalRows = shards.reduce((sum, s) => sum + s.rows, 0);
  const updates = shards.map((s) => ({ vector: flatten(names.map((name) => s.gradients[name])), weight: s.rows }));
  const params = flatten(names.map((name) => weights[name]));
  const update = updateParameters(params, updates, config, adam);
  const next = weightsOf(weights.shape, unflatten(update.params, names.map((name) => weights[name].length)), weights.standardization);
  const loss = shards.reduce((sum, s) => sum + s.loss * s.rows, 0) / totalRows;
  const metrics = await evaluate(next, heldOut, forward);
  return { weightsBytes: serializeMlpWeights(next), loss, metrics, rejected: update.rejected, ...(update.adam ? { adam: update.adam } : {}) };
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
