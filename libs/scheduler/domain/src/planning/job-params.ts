/** Free-form job parameters, as submitted (`JobSubmitted.params`). */
export type JobParams = Readonly<Record<string, unknown>>;

/** How a training job runs: the normalised form of its params. */
export interface TrainingParams {
  /** Gradient steps; each step covers the whole training split once, one fragment per shard. */
  readonly epochs: number;
  readonly shards: number;
  readonly learningRate: number;
  /** Share of the rows kept out of training to measure accuracy. */
  readonly heldOutFraction: number;
  /** Seed of the train / held-out shuffle, the same on every node. */
  readonly seed: number;
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

/** An integer parameter: the default when absent or not a finite number, else floored and clamped. */
export function integerParam(params: JobParams, name: string, fallback: number, min: number, max: number): number {
  const value = params[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

function numberParam(params: JobParams, name: string, fallback: number, min: number, max: number): number {
  const value = params[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}

/**
 * Rows per inference or feature-extraction batch: `params.batchRows` (1..100 000), else sized
 * by compute: DEFAULT_BATCH_FLOPS worth of rows, at least MIN_DEFAULT_BATCH_ROWS, within
 * DEFAULT_BATCH_MEMORY_BYTES and 100 000 rows. With no known cost (null), MIN_DEFAULT_BATCH_ROWS.
 */
export function batchRows(params: JobParams, cost: { flopsPerRow: number; memoryBytesPerRow: number } | null): number {
  if (!cost) return integerParam(params, 'batchRows', MIN_DEFAULT_BATCH_ROWS, 1, MAX_ROWS_PER_FRAGMENT);
  const byCompute = Math.max(MIN_DEFAULT_BATCH_ROWS, Math.ceil(DEFAULT_BATCH_FLOPS / Math.max(1, cost.flopsPerRow)));
  const byMemory = Math.max(1, Math.floor(DEFAULT_BATCH_MEMORY_BYTES / Math.max(1, cost.memoryBytesPerRow)));
  return integerParam(params, 'batchRows', Math.min(byCompute, byMemory, MAX_ROWS_PER_FRAGMENT), 1, MAX_ROWS_PER_FRAGMENT);
}

/** Rows per preprocessing slice (`params.sliceRows`, default 256, 1..100 000). */
export function sliceRows(params: JobParams): number {
  return integerParam(params, 'sliceRows', DEFAULT_SLICE_ROWS, 1, MAX_ROWS_PER_FRAGMENT);
}

/**
 * Training params with defaults and clamps: epochs 30 (1..1000), shards 4 (1..256),
 * learningRate 0.5 (1e-6..10), heldOutFraction 0.2 (0.01..0.9), seed 1 (any integer).
 */
export function trainingParams(params: JobParams): TrainingParams {
  return {
    epochs: integerParam(params, 'epochs', 30, 1, 1000),
    shards: integerParam(params, 'shards', 4, 1, 256),
    learningRate: numberParam(params, 'learningRate', 0.5, 1e-6, 10),
    heldOutFraction: numberParam(params, 'heldOutFraction', 0.2, 0.01, 0.9),
    seed: integerParam(params, 'seed', 1, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  };
}

/** Rows of the training split, rounded the way `splitDataset` in @corex/compute rounds. */
export function trainingRows(rows: number, heldOutFraction: number): number {
  return rows - Math.round(rows * heldOutFraction);
}
