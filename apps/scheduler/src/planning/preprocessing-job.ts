import {
  buildPreprocess,
  buildStatistics,
  encodeTensorMap,
  gaussianNoise,
  imageAugmentation,
  preprocessingParamsMisfit,
  statisticsOperations,
  statisticsOutputs,
  type Dataset,
  type ImageAugmentation,
  type PreprocessOperation,
  type TensorMap,
} from '@corex/compute';
import type { JobSubmittedData, PlannedFragment } from '@corex/events';
import type { BlobStore } from '@corex/eventstore';
import { ValidationError } from '@corex/platform';
import { base, dataShape, storeInputBlocks, task, withTasks, type PreparedJob } from './job-planner';
import type { ModelSource } from './job-data';
import { planFragments } from '@corex/scheduler-domain';
import { preprocessingInput, selectedColumns } from './preprocessing-input';
import { statisticsAux } from './statistics-step';

type Params = Record<string, unknown>;

/**
 * A preprocessing job. Standardize and min-max run in two steps: step 0 computes per-feature
 * statistics of every slice on the nodes ('statistics' fragments), the scheduler merges them
 * (statisticsAux), and step 1 applies the transform to every slice with the merged statistics as
 * aux feeds. The other operations run in one step with per-slice aux feeds (noise, image
 * transforms) or one shared feed (the slicer's columns).
 */
export async function preparePreprocessing(blobs: BlobStore, job: JobSubmittedData, source: ModelSource, dataset: Dataset, params: Params): Promise<PreparedJob> {
  const operation = source.kind === 'builtin' ? source.model.preprocess : undefined;
  if (!operation) throw new ValidationError('JOB.MODEL_TASK_UNSUPPORTED', `${job.model} is not a preprocessing model`);
  assertParamsFit(job.model, params, dataset);
  const input = preprocessingInput(dataset, params);
  const features = input.featureNames.length;
  const columns = operation === 'select-columns' ? selectedColumns(input, params) : null;
  const outputs = columns ? columns.length : features;
  const applyGraph = await blobs.put(buildPreprocess(operation, features, outputs));
  const twoSteps = statisticsOperations.includes(operation);
  const statsGraph = twoSteps ? await blobs.put(buildStatistics(features)) : null;
  const sharedAux = columns ? await blobs.put(encodeTensorMap({ columns: { data: BigInt64Array.from(columns, BigInt), dims: [columns.length] } })) : null;
  const plan = (step: number, partial: Parameters<typeof withTasks>[2]): Promise<PlannedFragment[]> => {
    const plans = planFragments(job, dataShape(input), undefined, 0).map((p) => ({ ...p, step, fragmentId: `${job.jobId}-s${step}-f${p.index}` }));
    return withTasks(plans, (all) => storeInputBlocks(blobs, input, all, false), partial);
  };
  const prepared = base(job, input, twoSteps ? 2 : 1, { kind: 'preprocessing', features: outputs, inputs: features }, undefined, null, async (step, auxHash) => {
    if (twoSteps && step === 0) return plan(0, (rows) => task('statistics', statsGraph!, null, null, [...statisticsOutputs], rows));
    if (twoSteps) return plan(step, (rows) => task('preprocessing', applyGraph, null, auxHash, ['y'], rows));
    return plan(step, async (rows, p) => task('preprocessing', applyGraph, null, sharedAux ?? (await blobs.put(encodeTensorMap(sliceAux(operation, params, p, features)))), ['y'], rows));
  });
  const outputFeatureNames = columns ? columns.map((i) => input.featureNames[i]!) : input.featureNames;
  return {
    ...prepared,
    preprocess: operation,
    preprocessed: { input, featureNames: outputFeatureNames },
    ...(twoSteps ? { statisticsFor: (reader, parts) => statisticsAux(blobs, reader, parts, operation) } : {}),
  };
}

/** The aux feeds of one slice: seeded noise (per slice, as before), or seeded image transforms drawn per row of the input, so they do not depend on slicing. */
function sliceAux(operation: PreprocessOperation, params: Params, slice: { index: number; rowRange: readonly [number, number] }, features: number): TensorMap {
  const rows = slice.rowRange[1] - slice.rowRange[0];
  if (operation === 'image-augment') {
    const { source, mask } = imageAugmentation(params as unknown as ImageAugmentation, slice.rowRange[0], rows);
    return { source: { data: source, dims: [rows, features] }, mask: { data: mask, dims: [rows, features] } };
  }
  const sigma = typeof params['sigma'] === 'number' ? params['sigma'] : 0.1;
  return { noise: { data: gaussianNoise(slice.index + 1, rows * features), dims: [rows, features] }, sigma: { data: new Float32Array([sigma]), dims: [] } };
}

function assertParamsFit(model: string, params: Params, dataset: Dataset): void {
  const errors = preprocessingParamsMisfit(model, params, { features: dataset.featureNames, rows: dataset.rows });
  if (errors.length) throw new ValidationError('JOB.PARAMS_INVALID', `params refused: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`.slice(0, 480), { errors });
}
