import {
  checkJobFit,
  computeStandardization,
  decodeTensorMap,
  findModel,
  loadDataset,
  splitDataset,
  type CatalogModel,
  type Dataset,
  type FitModel,
} from '@corex/compute';
import type { StandardizationStats } from '@corex/compute';
import { DatasetRegistered, ModelRegistered, subjects, type DatasetRegisteredData, type JobSubmittedData, type ModelRegisteredData } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { NotFoundError, ValidationError } from '@corex/platform';

/** The split every MLP job uses, so pretrained weights and jobs standardize alike. */
export const SPLIT_SEED = 7;
export const HELD_OUT_FRACTION = 0.2;

export type ModelSource =
  | { kind: 'builtin'; model: CatalogModel }
  | { kind: 'uploaded'; model: ModelRegisteredData };

/** A built-in model, or one the job's account uploaded. */
export async function resolveModel(log: EventLog, accountId: string, id: string): Promise<ModelSource> {
  const builtin = findModel(id);
  if (builtin) return { kind: 'builtin', model: builtin };
  const data = await latestOwned<ModelRegisteredData>(log, subjects.model(id), ModelRegistered.type, accountId);
  if (!data) throw new NotFoundError('JOB.MODEL_UNKNOWN', `unknown model ${id}`);
  return { kind: 'uploaded', model: data };
}

/** A built-in dataset, or one the job's account uploaded (a tensor map blob with `x` and maybe `y`). */
export async function resolveDataset(log: EventLog, accountId: string, id: string): Promise<Dataset> {
  const builtinData = tryBuiltin(id);
  if (builtinData) return builtinData;
  const data = await latestOwned<DatasetRegisteredData>(log, subjects.dataset(id), DatasetRegistered.type, accountId);
  if (!data) throw new NotFoundError('JOB.DATASET_UNKNOWN', `unknown dataset ${id}`);
  const bytes = await (await log.blobs()).get(data.blobHash);
  if (!bytes) throw new NotFoundError('JOB.DATASET_BLOB_MISSING', `dataset ${id} has no stored data`);
  const tensors = decodeTensorMap(bytes);
  const x = tensors['x']!.data as Float32Array;
  const y = tensors['y']?.data as BigInt64Array | undefined;
  const t = tensors['t']?.data;
  return {
    features: x,
    rows: data.rows,
    featureNames: data.featureNames,
    labels: y ? Int32Array.from(y, Number) : new Int32Array(data.rows).fill(-1),
    classNames: data.classNames,
    // A regression dataset (uploaded with target=) predicts tensor t.
    ...(t instanceof Float32Array ? { targets: t, targetName: data.targetName ?? 't' } : {}),
  };
}

/** Features standardized with statistics of a deterministic training split. */
export function standardized(
  dataset: Dataset,
  seed = SPLIT_SEED,
  heldOutFraction = HELD_OUT_FRACTION,
): { all: Dataset; train: Dataset; heldOut: Dataset; stats: StandardizationStats } {
  const split = splitDataset(dataset, seed, heldOutFraction);
  const stats = computeStandardization(split.train);
  const apply = (d: Dataset) => standardizeWith(d, stats);
  return { all: apply(dataset), train: apply(split.train), heldOut: apply(split.heldOut), stats };
}

/** Features as (x - mean) / std with given statistics (e.g. those trained weights carry). */
export function standardizeWith(d: Dataset, { mean, std }: StandardizationStats): Dataset {
  const width = d.featureNames.length;
  const features = d.features.map((v, i) => (v - mean[i % width]!) / (std[i % width]! || 1));
  return { ...d, features };
}

/**
 * The model can run this job on the dataset (@corex/compute checkJobFit): the marketplace refused
 * misfits at submission; this second line of defence fails an older job with the same code at
 * planning, before any node time is spent.
 */
export function assertFits(job: Pick<JobSubmittedData, 'type' | 'dataset'>, source: ModelSource, dataset: Dataset): void {
  const model: FitModel =
    source.kind === 'builtin'
      ? source.model
      : { id: source.model.modelId, name: source.model.name, tasks: source.model.tasks, inputs: source.model.inputs, outputs: source.model.outputs };
  const data = { id: job.dataset, features: dataset.featureNames, classes: dataset.classNames, targetName: dataset.targetName };
  const refusal = checkJobFit(job.type, model, data);
  if (refusal) throw new ValidationError(refusal.code, refusal.message, refusal.details);
}

function tryBuiltin(id: string): Dataset | null {
  try {
    return loadDataset(id);
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

async function latestOwned<T extends { accountId: string }>(log: EventLog, subject: string, type: string, accountId: string): Promise<T | null> {
  const { events } = await log.store.read(subject);
  const found = events.filter((e) => e.event.type === type).at(-1)?.event.data as T | undefined;
  return found && found.accountId === accountId ? found : null;
}
