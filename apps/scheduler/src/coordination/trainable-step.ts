import {
  accuracy,
  decodeTensorMap,
  encodeTensorMap,
  featureTensor,
  gradientName,
  labelTensor,
  predictClasses,
  regressionMetrics,
  targetTensor,
  type ComputeSession,
  type Dataset,
  type TensorMap,
} from '@corex/compute';
import type { AdamState } from '@corex/training-domain';
import type { TrainableJob } from '../planning/trainable-upload';
import type { BlobReader } from '../runtime/recent-results';
import type { CompletedPart } from './result-documents';
import { flatten, unflatten, updateParameters, type StepUpdateConfig } from './step-update';
import type { StepOutcome } from './training-step';

/**
 * One step of an uploaded trainable graph: each shard's grad_<p>, flattened in the job's
 * parameter order, is one update weighted by its rows; the job's rule and optimizer make the new
 * parameters, then the graph runs on the held-out rows with them for the held-out metrics its
 * `probabilities` or `prediction` output allows (none without one).
 */
export async function completeTrainableStep(
  blobs: BlobReader,
  parts: CompletedPart[],
  parametersBytes: Uint8Array,
  config: StepUpdateConfig,
  adam: AdamState | null,
  job: TrainableJob,
  heldOut: Dataset,
  graph: ComputeSession,
): Promise<StepOutcome> {
  const parameters = decodeTensorMap(parametersBytes);
  const shards = await Promise.all(parts.map((part) => readShard(blobs, part)));
  const totalRows = shards.reduce((sum, s) => sum + s.rows, 0);
  const params = flatten(job.parameters.map(({ name }) => parameters[name]!.data as Float32Array));
  const updates = shards.map((shard) => ({ vector: flatten(job.parameters.map(({ name }) => shard.outputs[gradientName(name)]!.data as Float32Array)), weight: shard.rows }));
  const update = updateParameters(params, updates, config, adam);
  const values = unflatten(update.params, job.parameters.map(({ name }) => parameters[name]!.data.length));
  const next: TensorMap = Object.fromEntries(job.parameters.map(({ name, dims }, i) => [name, { data: values[i]!, dims: [...dims] }]));
  const loss = shards.reduce((sum, s) => sum + s.loss * s.rows, 0) / totalRows;
  const metrics = await heldOutMetrics(job, next, heldOut, graph);
  return { weightsBytes: encodeTensorMap(next), loss, metrics, rejected: update.rejected, ...(update.adam ? { adam: update.adam } : {}) };
}

async function heldOutMetrics(job: TrainableJob, parameters: TensorMap, heldOut: Dataset, graph: ComputeSession): Promise<StepOutcome['metrics']> {
  if (!job.evaluation || heldOut.rows === 0) return {};
  const answer: TensorMap = heldOut.targets ? { t: targetTensor(heldOut.targets) } : { y: labelTensor(heldOut.labels) };
  const outputs = await graph.run({ x: featureTensor(heldOut), ...answer, ...parameters });
  const evaluated = outputs[job.evaluation]!;
  if (job.evaluation === 'prediction') return regressionMetrics(evaluated.data as Float32Array, heldOut.targets!);
  const classes = evaluated.dims[1]!;
  return { accuracy: accuracy(predictClasses(evaluated.data as Float32Array, classes), heldOut.labels) };
}

async function readShard(blobs: BlobReader, part: CompletedPart) {
  const bytes = await blobs.get(part.resultHash);
  if (!bytes) throw new Error(`gradient blob ${part.resultHash} is missing`);
  const outputs = decodeTensorMap(bytes);
  return { rows: part.rowRange[1] - part.rowRange[0], loss: Number((outputs['loss']!.data as Float32Array)[0]), outputs };
}
