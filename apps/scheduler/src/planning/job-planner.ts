import {
  buildFeatureExtractor,
  buildMlpForward,
  buildMlpGradient,
  initMlpWeights,
  serializeMlpWeights,
  type Dataset,
  type MlpShape,
} from '@corex/compute';
import { forwardOutputName, serializeParameters, splitDataset, type CatalogModel, type StandardizationStats } from '@corex/compute';
import type { FragmentTask, JobSubmittedData, PlannedFragment } from '@corex/events';
import type { BlobStore, EventLog } from '@corex/eventstore';
import { checkJobParams, groupInputBlocks, INPUT_BLOCK_LIMITS, planFragments, trainingParams, type FragmentPlan, type TrainingParams } from '@corex/scheduler-domain';
import { assertFits, resolveDataset, resolveModel, standardized, type ModelSource } from './job-data';
import type { OutputSource } from '../work/result-validation';
import { forwardWeights, gradientOutputs, trainingShape } from './mlp-networks';
import { trainableOutputs, trainableUpload, type TrainableJob } from './trainable-upload';
import { shardBytes } from './shard';
import { preparePreprocessing } from './preprocessing-job';
import type { BlobReader } from '../runtime/recent-results';
import type { CompletedPart } from '../coordination/result-documents';

/** Everything needed to plan any step of a job and to aggregate its results. */
export interface PreparedJob {
  job: JobSubmittedData;
  totalSteps: number;
  totalRows: number;
  classNames: readonly string[];
  shape?: MlpShape;
  /** Training only: standardized held-out rows for evaluation, and the learning rate. */
  heldOut?: Dataset;
  /** Training an uploaded trainable graph: its graphs and parameters (see trainable-upload). */
  trainable?: TrainableJob;
  /** Training only: what the downloadable model needs besides the weights (see buildTrainedModel). */
  exported?: { standardization: StandardizationStats; featureNames: readonly string[]; targetName?: string };
  learningRate: number;
  /** Training only: optimizer, aggregation rule and step deadline (docs/training.md). */
  training?: TrainingStepParams;
  /** Training: weights of step 0 (stored); inference/features: the weights every fragment uses. */
  initialWeightsHash: string | null;
  preprocess?: string;
  /** Preprocessing: the rows it read (after rowRange and copies) and the output's feature names (see output-dataset). */
  preprocessed?: { input: Dataset; featureNames: readonly string[] };
  /** A statistics step's merged statistics, stored: the aux hash of the next step (see statistics-step). */
  statisticsFor?(reader: BlobReader, parts: readonly CompletedPart[]): Promise<string>;
  /** What the outputs of its fragments must look like (see result-validation). */
  outputs: OutputSource;
  planStep(step: number, weightsHash: string | null): Promise<PlannedFragment[]>;
}

/** How a training job's steps are closed and aggregated. */
export type TrainingStepParams = Pick<TrainingParams, 'optimizer' | 'aggregation' | 'stepDeadlineMs' | 'minParticipation' | 'learningRate'>;

function stepParams({ optimizer, aggregation, stepDeadlineMs, minParticipation, learningRate }: TrainingParams): TrainingStepParams {
  return { optimizer, aggregation, stepDeadlineMs, minParticipation, learningRate };
}

/**
 * Turns a submitted job into stored blobs (graph, weights, data shards, aux feeds) and fragment
 * plans whose tasks reference them by hash. Deterministic: preparing again after a restart
 * yields the same bytes, hence the same hashes.
 */
export async function prepareJob(log: EventLog, job: JobSubmittedData): Promise<PreparedJob> {
  const blobs = await log.blobs();
  const [source, dataset] = await Promise.all([resolveModel(log, job.accountId, job.model), resolveDataset(log, job.accountId, job.dataset)]);
  // Second line of defence: the marketplace refused these at submission, but an older event may not parse.
  const params = checkJobParams(job.type, { id: job.model, uploaded: source.kind === 'uploaded' }, job.params);
  assertFits(job, source, dataset);
  if (job.type === 'preprocessing') return preparePreprocessing(blobs, job, source, dataset, params);
  if (source.kind === 'uploaded') return job.type === 'training' ? prepareUploadedTraining(blobs, job, source, dataset) : prepareUploaded(blobs, job, source, dataset);
  const model = source.model;
  if (job.type === 'training') return prepareTraining(blobs, job, model, dataset);
  const weightsParam = typeof params['weights'] === 'string' ? params['weights'] : undefined;
  const { weightsHash, shape, data: all } = await forwardWeights(blobs, model, weightsParam, dataset);
  const extract = job.type === 'feature-extraction';
  const graphHash = await blobs.put(extract ? buildFeatureExtractor(shape) : buildMlpForward(shape));
  const outputs = [extract ? 'embeddings' : forwardOutputName(shape)];
  const kind = extract ? 'feature-extraction' : 'inference';
  return base(job, dataset, 1, { kind: 'mlp', shape }, shape, weightsHash, (step) =>
    withTasks(planFragments(job, dataShape(all), shape, step), (plans) => storeInputBlocks(blobs, all, plans, false), (rows) =>
      task(kind, graphHash, weightsHash, null, outputs, rows),
    ),
  );
}

async function prepareTraining(blobs: BlobStore, job: JobSubmittedData, model: CatalogModel, dataset: Dataset): Promise<PreparedJob> {
  const params = trainingParams(job.params);
  const shape = trainingShape(model, dataset, params);
  const { train, heldOut, stats } = standardized(dataset, params.seed, params.heldOutFraction);
  const gradientHash = await blobs.put(buildMlpGradient(shape));
  const initial = initMlpWeights(shape, params.seed);
  // The dataset-sized mlp's weights carry their standardization: whoever runs them standardizes alike.
  const initialWeightsHash = await blobs.put(serializeMlpWeights(model.sizing ? { ...initial, standardization: stats } : initial));
  // Progress counts the rows a step reads: the training split, not the held-out rows.
  const prepared = base(job, train, params.epochs, { kind: 'mlp', shape }, shape, initialWeightsHash, async (step, weightsHash) =>
    withTasks(planFragments(job, dataShape(dataset), shape, step), (plans) => storeInputBlocks(blobs, train, plans, true), (rows) =>
      task('gradient', gradientHash, weightsHash, null, gradientOutputs(shape), rows),
    ),
  );
  const exported = { standardization: stats, featureNames: dataset.featureNames, targetName: dataset.targetName };
  return { ...prepared, heldOut, learningRate: params.learningRate, training: stepParams(params), exported };
}

async function prepareUploaded(blobs: BlobStore, job: JobSubmittedData, source: ModelSource & { kind: 'uploaded' }, dataset: Dataset): Promise<PreparedJob> {
  const { graphHash, outputs } = source.model;
  const outputNames = outputs.map((o) => o.name);
  // Sized as a linear model over the data: uploaded graphs have no declared architecture.
  const shape = { inputs: dataset.featureNames.length, hidden: dataset.featureNames.length, classes: 1 };
  return base(job, dataset, 1, { kind: 'uploaded', model: source.model }, undefined, null, async (step) =>
    withTasks(planFragments(job, dataShape(dataset), shape, step, { architectureGuessed: true }), (plans) => storeInputBlocks(blobs, dataset, plans, false), (rows) =>
      task('inference', graphHash, null, null, outputNames, rows),
    ),
  );
}

/**
 * Training an uploaded trainable graph: its parameters start at its initializers (stored as a
 * tensor map) and the nodes run it without them; rows are fed as uploaded (the graph does its
 * own preprocessing), split like any training job.
 */
async function prepareUploadedTraining(blobs: BlobStore, job: JobSubmittedData, source: ModelSource & { kind: 'uploaded' }, dataset: Dataset): Promise<PreparedJob> {
  const params = trainingParams(job.params);
  const graph = await trainableUpload(blobs, source.model, dataset);
  const { train, heldOut } = splitDataset(dataset, params.seed, params.heldOutFraction);
  const gradientHash = await blobs.put(graph.gradientGraph);
  const initialWeightsHash = await blobs.put(serializeParameters(graph.initial));
  const outputs = trainableOutputs(graph.parameters);
  // Sized as a linear model over the data: an uploaded graph declares no architecture.
  const standIn = { inputs: dataset.featureNames.length, hidden: dataset.featureNames.length, classes: 1 };
  const prepared = base(job, train, params.epochs, { kind: 'trainable', parameters: graph.parameters }, undefined, initialWeightsHash, async (step, weightsHash) =>
    withTasks(planFragments(job, dataShape(dataset), standIn, step, { architectureGuessed: true }), (plans) => storeInputBlocks(blobs, train, plans, true), (rows) =>
      task('gradient', gradientHash, weightsHash, null, outputs, rows),
    ),
  );
  const trainable: TrainableJob = { graphHash: source.model.graphHash, gradientHash, parameters: graph.parameters, ...(graph.evaluation ? { evaluation: graph.evaluation } : {}) };
  return { ...prepared, heldOut, learningRate: params.learningRate, training: stepParams(params), trainable };
}

type PartialTask = Omit<FragmentTask, 'inputHash' | 'inputRows'>;
type FragmentInput = Pick<FragmentTask, 'inputHash' | 'inputRows'>;

/** Attaches each fragment's input (see storeInputBlocks) and task. */
export async function withTasks(
  plans: FragmentPlan[],
  inputs: (plans: FragmentPlan[]) => Promise<Map<string, FragmentInput>>,
  partial: (rows: number, plan: FragmentPlan) => PartialTask | Promise<PartialTask>,
): Promise<PlannedFragment[]> {
  const [stored, tasks] = await Promise.all([inputs(plans), Promise.all(plans.map((plan) => partial(plan.rowRange[1] - plan.rowRange[0], plan)))]);
  return plans.map((plan, i) => ({
    fragmentId: plan.fragmentId,
    index: plan.index,
    rowRange: [...plan.rowRange] as [number, number],
    size: plan.size,
    task: { ...tasks[i]!, ...stored.get(plan.fragmentId)! },
  }));
}

/**
 * Stores the rows the fragments read as blocks of adjacent fragments (one blob per block, not
 * per fragment: measured, storing a blob per fragment capped planning near 1,000 fragments/s),
 * and tells each fragment its block and its rows in it.
 */
export async function storeInputBlocks(blobs: BlobStore, data: Dataset, plans: FragmentPlan[], labels: boolean): Promise<Map<string, FragmentInput>> {
  const bytesPerRow = data.featureNames.length * 4 + (labels ? 8 : 0);
  const blocks = groupInputBlocks(plans, { bytesPerRow, ...INPUT_BLOCK_LIMITS });
  const inputs = new Map<string, FragmentInput>();
  await Promise.all(
    blocks.map(async (block) => {
      const inputHash = await blobs.put(shardBytes(data, block.rows, labels));
      for (const plan of block.fragments) {
        const whole = plan.rowRange[0] === block.rows[0] && plan.rowRange[1] === block.rows[1];
        inputs.set(plan.fragmentId, whole ? { inputHash } : { inputHash, inputRows: [plan.rowRange[0] - block.rows[0], plan.rowRange[1] - block.rows[0]] });
      }
    }),
  );
  return inputs;
}

export function task(kind: FragmentTask['kind'], graphHash: string, weightsHash: string | null, auxHash: string | null, outputs: string[], rows: number): PartialTask {
  return { kind, graphHash, weightsHash, auxHash, outputs, rows };
}

export function dataShape(d: Dataset) {
  return { rows: d.rows, features: d.featureNames.length };
}

export function base(
  job: JobSubmittedData,
  dataset: Dataset,
  totalSteps: number,
  outputs: OutputSource,
  shape: MlpShape | undefined,
  initialWeightsHash: string | null,
  planStep: PreparedJob['planStep'],
): PreparedJob {
  return { job, totalSteps, totalRows: dataset.rows, classNames: dataset.classNames, shape, learningRate: 0, initialWeightsHash, outputs, planStep };
}
