import { DATASET_SIZED_MLP, DEFAULT_LEARNING_RATES, NOISE_AUGMENTER, parseJobParams, type ParamError, type ParamsModel } from '@corex/compute';
import type { AggregationRule } from '@corex/events';
import { ValidationError } from '@corex/platform';
import type { JobType } from './plan-fragments';

/** Job parameters as submitted (`JobSubmitted.params`): checked by `checkJobParams`, never bent. */
export type JobParams = Readonly<Record<string, unknown>>;

/** How a training job runs: its params with the defaults filled in. */
export interface TrainingParams {
  /** Gradient steps; each step covers the whole training split once, one fragment per shard. */
  readonly epochs: number;
  readonly shards: number;
  readonly learningRate: number;
  /** Share of the rows kept out of training to measure accuracy. */
  readonly heldOutFraction: number;
  /** Seed of the train / held-out shuffle, the same on every node. */
  readonly seed: number;
  /** Width and depth of the hidden layers of the dataset-sized `mlp` (defaults for any other model). */
  readonly hiddenUnits: number;
  readonly hiddenLayers: number;
  readonly optimizer: 'sgd' | 'adam';
  /** Robust aggregation of the fragments' gradients (docs/training.md). */
  readonly aggregation: { readonly rule: AggregationRule; readonly byzantineFraction?: number; readonly clipNorm?: number };
  /** A step closes this long after it was planned once minParticipation of its fragments count. */
  readonly stepDeadlineMs: number;
  readonly minParticipation: number;
}

/**
 * A job's params checked against its type and model, defaults filled in. Refused params throw
 * ValidationError JOB.PARAMS_INVALID with `errors` naming each field (an old event whose params
 * no longer parse fails its job with this code instead of running with bent values).
 */
export function checkJobParams(type: JobType, model: ParamsModel, params: JobParams): Record<string, unknown> {
  const parsed = parseJobParams(type, model, params);
  if (!parsed.ok) throw paramsInvalid(parsed.errors);
  return parsed.params;
}

function paramsInvalid(errors: ParamError[]): ValidationError {
  return new ValidationError('JOB.PARAMS_INVALID', `params refused: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`.slice(0, 480), { errors });
}

/** Params of any model of this type: the readers below know the type, not the model. */
function widest(type: JobType, params: JobParams): Record<string, unknown> {
  return checkJobParams(type, { id: type === 'preprocessing' ? NOISE_AUGMENTER : DATASET_SIZED_MLP }, params);
}

/**
 * Compute an inference or feature-extraction batch carries when the job does not say. A fragment
 * costs about a millisecond of CPU besides its compute (measured: the pipeline bench completes
 * about 2,000 trivial fragments/s on 2 cores: lease, signatures, hashing, blob round trips),
 * while 64 rows of the penguins MLP (224 flops a row) are 3 µs of onnxruntime.
 */
export const DEFAULT_BATCH_FLOPS = 2 ** 24;
/** Rows a default batch has at least, however heavy a row is (unless memory says fewer). */
export const MIN_DEFAULT_BATCH_ROWS = 64;
/** Memory a default batch needs at most, so that small nodes can still take it. */
export const DEFAULT_BATCH_MEMORY_BYTES = 64 * 1024 * 1024;
export const DEFAULT_SLICE_ROWS = 256;
const MAX_ROWS_PER_FRAGMENT = 100_000;

/**
 * An integer parameter: `fallback` when absent; a whole number within min..max as given; anything
 * else throws ValidationError JOB.PARAMS_INVALID (no flooring, no clamping).
 */
export function integerParam(params: JobParams, name: string, fallback: number, min: number, max: number): number {
  const value = params[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw paramsInvalid([{ field: `params.${name}`, code: 'type', message: `${name} must be a whole number` }]);
  }
  if (value < min || value > max) throw paramsInvalid([{ field: `params.${name}`, code: 'range', message: `${name} must be within ${min}..${max}` }]);
  return value;
}

/**
 * Rows per inference or feature-extraction batch: `params.batchRows` (1..100 000, else refused), else sized
 * by compute: DEFAULT_BATCH_FLOPS worth of rows, at least MIN_DEFAULT_BATCH_ROWS, within
 * DEFAULT_BATCH_MEMORY_BYTES and 100 000 rows. With no known cost (null), MIN_DEFAULT_BATCH_ROWS.
 */
export function batchRows(params: JobParams, cost: { flopsPerRow: number; memoryBytesPerRow: number } | null): number {
  if (!cost) return integerParam(params, 'batchRows', MIN_DEFAULT_BATCH_ROWS, 1, MAX_ROWS_PER_FRAGMENT);
  const byCompute = Math.max(MIN_DEFAULT_BATCH_ROWS, Math.ceil(DEFAULT_BATCH_FLOPS / Math.max(1, cost.flopsPerRow)));
  const byMemory = Math.max(1, Math.floor(DEFAULT_BATCH_MEMORY_BYTES / Math.max(1, cost.memoryBytesPerRow)));
  return integerParam(params, 'batchRows', Math.min(byCompute, byMemory, MAX_ROWS_PER_FRAGMENT), 1, MAX_ROWS_PER_FRAGMENT);
}

/** Rows per preprocessing slice (`params.sliceRows`, default 256, 1..100 000, else refused). */
export function sliceRows(params: JobParams): number {
  return integerParam(params, 'sliceRows', DEFAULT_SLICE_ROWS, 1, MAX_ROWS_PER_FRAGMENT);
}

/**
 * Training params with their defaults (epochs 30, shards 4, optimizer sgd, learningRate 0.5 for
 * sgd and 0.05 for adam, aggregation mean, stepDeadlineMs 300 000, minParticipation 0.6,
 * heldOutFraction 0.2, seed 1, hiddenUnits 32, hiddenLayers 1; ranges in @corex/compute
 * `jobParamsSchema`). Refused params throw ValidationError JOB.PARAMS_INVALID, never clamped.
 */
export function trainingParams(params: JobParams): TrainingParams {
  const parsed = widest('training', params) as unknown as Omit<TrainingParams, 'learningRate'> & { learningRate?: number };
  return { ...parsed, learningRate: parsed.learningRate ?? DEFAULT_LEARNING_RATES[parsed.optimizer] };
}

/** Rows of the training split, rounded the way `splitDataset` in @corex/compute rounds. */
export function trainingRows(rows: number, heldOutFraction: number): number {
  return rows - Math.round(rows * heldOutFraction);
}
