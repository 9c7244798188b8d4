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
import type { TrainableJob } from '../planning/trainable-upload';
import type { BlobReader } from '../runtime/recent-results';
import type { CompletedPart } from './result-documents';
import type { StepOutcome } from './training-step';

/**
 * One step of an uploaded trainable graph: the row-weighted mean of the shards' grad_<p>, one SGD
 * step on every parameter, then the graph run on the held-out rows with the new parameters for
 * the held-out metrics its `probabilities` or `prediction` output allows (none without one).
 */
export async function completeTrainableStep(
  blobs: BlobReader,
  parts: CompletedPart[],
  parametersBytes: Uint8Array,
  learningRate: number,
  job: TrainableJob,
  heldOut: Dataset,
  graph: ComputeSession,
): Promise<StepOutcome> {
  const parameters = decodeTensorMap(parametersBytes);
  const shards = await Promise.all(parts.map((part) => readShard(blobs, part)));
  const totalRows = shards.reduce((sum, s) => sum + s.rows, 0);
  const next: TensorMap = {};
  for (const { name, dims } of job.parameters) {
    const values = Float32Array.from(parameters[name]!.data as Float32Array);
    for (const shard of shards) {
      const gradient = shard.outputs[gradientName(name)]!.data as Float32Array;
      const weight = (learningRate * shard.rows) / totalRows;
      for (let i = 0; i < values.length; i++) values[i]! -= weight * gradient[i]!;
    }
    next[name] = { data: values, dims: [...dims] };
  }
  const loss = shards.reduce((sum, s) => sum + s.loss * s.rows, 0) / totalRows;
  return { weightsBytes: encodeTensorMap(next), loss, metrics: await heldOutMetrics(job, next, heldOut, graph) };
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
