import { deterministicId } from '@corex/platform';
import { z } from 'zod';
import type { ParamError } from './job-params';

/** Catalog ids of the preprocessing models with params of their own. */
export const NOISE_AUGMENTER = 'noise-augmenter';
export const SLICER = 'slicer';
export const IMAGE_AUGMENTER = 'image-augmenter';

export const MAX_ROWS_PER_SLICE = 100_000;
export const DEFAULT_SLICE_ROWS = 256;
export const DEFAULT_SIGMA = 0.1;
/** Augmented copies of each row at most (the output has rows × copies rows). */
export const MAX_COPIES = 16;

const int = (min: number, max: number) => z.number().int().min(min).max(max);

const base = {
  sliceRows: int(1, MAX_ROWS_PER_SLICE).default(DEFAULT_SLICE_ROWS),
  /** Registers the output as a dataset of the job's account under this name (upload name rules). */
  outputDataset: z.string().trim().min(1).max(200).optional(),
};
const copies = int(1, MAX_COPIES).default(1);

const schemas = {
  preprocessing: z.strictObject(base),
  noise: z.strictObject({ ...base, sigma: z.number().gt(0).max(100).default(DEFAULT_SIGMA), copies }),
  slicer: z.strictObject({
    ...base,
    /** Feature names to keep, in this order; absent: all. */
    columns: z.array(z.string().min(1).max(100)).min(1).max(1024).optional(),
    /** Rows [start, end) of the dataset to keep; absent: all. */
    rowRange: z
      .tuple([int(0, Number.MAX_SAFE_INTEGER), int(1, Number.MAX_SAFE_INTEGER)])
      .refine(([start, end]) => start < end, 'rowRange must be [start, end) with start < end')
      .optional(),
  }),
  image: z.strictObject({
    ...base,
    height: int(1, 4096),
    width: int(1, 4096),
    channels: int(1, 4).default(1),
    /** Probability of a horizontal flip per row. */
    flip: z.number().min(0).max(1).default(0.5),
    /** Largest shift in pixels, each way, drawn per row on both axes (zero fill). */
    shift: int(0, 64).default(0),
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    copies,
  }),
};

export type PreprocessingJobParams = z.output<(typeof schemas)[keyof typeof schemas]>;

/** The strict params schema of a preprocessing job with this catalog model (uploads: the common one). */
export function preprocessingParamsSchema(modelId: string, uploaded = false): z.ZodType<Record<string, unknown>> {
  if (uploaded) return schemas.preprocessing;
  if (modelId === NOISE_AUGMENTER) return schemas.noise;
  if (modelId === SLICER) return schemas.slicer;
  if (modelId === IMAGE_AUGMENTER) return schemas.image;
  return schemas.preprocessing;
}

/** Where a preprocessing key refused as unknown does apply. */
export const PREPROCESSING_APPLIES_TO: Record<string, string> = {
  sigma: `preprocessing with the ${NOISE_AUGMENTER} model`,
  copies: `preprocessing with the ${NOISE_AUGMENTER} or ${IMAGE_AUGMENTER} model`,
  columns: `preprocessing with the ${SLICER} model`,
  rowRange: `preprocessing with the ${SLICER} model`,
  ...Object.fromEntries(['height', 'width', 'channels', 'flip', 'shift'].map((key) => [key, `preprocessing with the ${IMAGE_AUGMENTER} model`])),
  sliceRows: 'preprocessing',
  outputDataset: 'preprocessing',
};

/** What the dataset checks read of a dataset: its feature names and, when known, its rows. */
export interface ParamsDataset {
  readonly features: readonly string[];
  readonly rows?: number;
}

/**
 * Params that parse but do not fit the dataset (parsed params, defaults filled in): a slicer's
 * unknown or repeated column or a row range past the end, an image shape whose
 * height · width · channels is not the feature count. Empty when they fit.
 */
export function preprocessingParamsMisfit(modelId: string, params: Record<string, unknown>, dataset: ParamsDataset): ParamError[] {
  if (modelId === SLICER) return slicerMisfit(params, dataset);
  if (modelId !== IMAGE_AUGMENTER) return [];
  const { height, width, channels } = params as { height: number; width: number; channels: number };
  const pixels = height * width * channels;
  if (pixels === dataset.features.length) return [];
  const message = `height · width · channels = ${height}·${width}·${channels} = ${pixels}, but the dataset has ${dataset.features.length} features`;
  return [{ field: 'params.height', code: 'range', message }];
}

function slicerMisfit(params: Record<string, unknown>, dataset: ParamsDataset): ParamError[] {
  const errors: ParamError[] = [];
  const columns = params['columns'] as string[] | undefined;
  columns?.forEach((name, i) => {
    if (!dataset.features.includes(name)) {
      errors.push({ field: `params.columns.${i}`, code: 'range', message: `no feature ${JSON.stringify(name)}; the dataset has ${dataset.features.slice(0, 20).join(', ')}` });
    } else if (columns.indexOf(name) !== i) errors.push({ field: `params.columns.${i}`, code: 'range', message: `${JSON.stringify(name)} is listed twice` });
  });
  const range = params['rowRange'] as [number, number] | undefined;
  if (range && dataset.rows !== undefined && range[1] > dataset.rows) {
    errors.push({ field: 'params.rowRange.1', code: 'range', message: `rowRange ends at ${range[1]}, past the dataset's ${dataset.rows} rows` });
  }
  return errors;
}

/** The id of the dataset a preprocessing job with `params.outputDataset` registers: the marketplace claims its name at submission, the scheduler registers it at completion. */
export function outputDatasetId(jobId: string): string {
  return deterministicId('output-dataset', jobId);
}
