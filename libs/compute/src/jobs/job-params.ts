import { aggregationRules } from '@corex/events';
import { z } from 'zod';
import type { JobType } from '../compute-task';
import { federatedParamsSchema } from './federated-params';
import { PREPROCESSING_APPLIES_TO, preprocessingParamsSchema } from './preprocessing-params';

/** Id of the catalog model sized to the dataset it trains on: the only one with `hiddenUnits` / `hiddenLayers`. */
export const DATASET_SIZED_MLP = 'mlp';
export { NOISE_AUGMENTER, DEFAULT_SLICE_ROWS, DEFAULT_SIGMA } from './preprocessing-params';
export type { PreprocessingJobParams } from './preprocessing-params';

export const MAX_ROWS_PER_FRAGMENT = 100_000;

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const rows = int(1, MAX_ROWS_PER_FRAGMENT);

/** learningRate when the job does not say, per optimizer (docs/training.md). */
export const DEFAULT_LEARNING_RATES = { sgd: 0.5, adam: 0.05 } as const;

const trainingBase = {
  epochs: int(1, 1000).default(30),
  shards: int(1, 256).default(4),
  /** Absent: DEFAULT_LEARNING_RATES of the optimizer (filled in by the scheduler's trainingParams). */
  learningRate: z.number().gt(0).max(10).optional().describe('Step size; absent: 0.5 for sgd, 0.05 for adam'),
  optimizer: z.enum(['sgd', 'adam']).default('sgd').describe('sgd, or adam (moments kept between steps); docs/training.md'),
  /** How a step combines the fragments' gradients (each fragment's gradient is one update, weighted by its rows). */
  aggregation: z
    .strictObject({ rule: z.enum(aggregationRules), byzantineFraction: z.number().min(0).max(0.5).optional(), clipNorm: z.number().gt(0).max(1e6).optional() })
    .default({ rule: 'mean' })
    .describe('How a step combines the fragments\' gradients: mean (row-weighted) or a robust rule; byzantineFraction (default 0.2) is the share of updates assumed hostile; clipNorm for norm-clip (default: median norm)'),
  /** A step closes this long after it was planned if at least minParticipation of its fragments count; the rest are dropped as stragglers. */
  stepDeadlineMs: int(1_000, 3_600_000).default(300_000).describe('A step closes this long after it was planned if minParticipation of its fragments are in; the rest are recorded as stragglers'),
  minParticipation: z.number().min(0.1).max(1).default(0.6).describe('Share of a step\'s fragments needed to close it at its deadline'),
  heldOutFraction: z.number().min(0.01).max(0.9).default(0.2),
  /** Only with dataset `federation:<name>`, and required there (checked where the dataset is known). */
  federated: federatedParamsSchema.optional(),
  seed: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).default(1),
};
const mlpSize = {
  hiddenUnits: int(1, 1024).default(32),
  hiddenLayers: int(1, 4).default(1),
};
const forwardBase = {
  /** Rows per fragment; absent: sized by compute when planning (see the scheduler's batchRows). */
  batchRows: rows.optional(),
  /** The weightsHash of one of the caller's own completed training jobs. */
  weights: z.string().regex(/^[0-9a-f]{64}$/).optional(),
};

const schemas = {
  training: z.strictObject(trainingBase),
  mlpTraining: z.strictObject({ ...trainingBase, ...mlpSize }),
  forward: z.strictObject(forwardBase),
  uploadedForward: z.strictObject({ batchRows: forwardBase.batchRows }),
};

export type TrainingJobParams = z.output<typeof schemas.mlpTraining> | z.output<typeof schemas.training>;
export type ForwardJobParams = z.output<typeof schemas.forward>;

/** The model a job names, as far as its params depend on it. */
export interface ParamsModel {
  readonly id: string;
  /** An uploaded graph: its weights are in the graph, so `weights` does not apply. */
  readonly uploaded?: boolean;
}

/**
 * The strict schema of a job's params, for its type and model: unknown keys (a typo, or a key of
 * another model such as `sigma` for anything but the noise-augmenter) are refused, never ignored;
 * missing keys take their defaults.
 */
export function jobParamsSchema(type: JobType, model: ParamsModel): z.ZodType<Record<string, unknown>> {
  const mlp = model.id === DATASET_SIZED_MLP && !model.uploaded;
  if (type === 'training') return mlp ? schemas.mlpTraining : schemas.training;
  if (type === 'preprocessing') return preprocessingParamsSchema(model.id, model.uploaded);
  // Inference and feature extraction take their layer sizes from the trained weights, not from params.
  return model.uploaded ? schemas.uploadedForward : schemas.forward;
}

/** The learning rate a training job runs with is in its params (JobSubmitted carries every param it runs with): the optimizer's default when absent. */
function withLearningRate(params: Record<string, unknown>): Record<string, unknown> {
  if (params['learningRate'] !== undefined) return params;
  return { ...params, learningRate: DEFAULT_LEARNING_RATES[params['optimizer'] as keyof typeof DEFAULT_LEARNING_RATES] ?? DEFAULT_LEARNING_RATES.sgd };
}

/** Why a param was refused: stable codes a client can act on. */
export const paramErrorCodes = ['unknown', 'type', 'range'] as const;
export type ParamErrorCode = (typeof paramErrorCodes)[number];

/** One refused param: `field` is its path from the request body (`params.bachRows`). */
export interface ParamError {
  readonly field: string;
  readonly code: ParamErrorCode;
  readonly message: string;
}

export type ParsedParams = { ok: true; params: Record<string, unknown> } | { ok: false; errors: ParamError[] };

/** Parses params against `jobParamsSchema`; on failure, one error per refused field. */
export function parseJobParams(type: JobType, model: ParamsModel, params: unknown): ParsedParams {
  const parsed = jobParamsSchema(type, model).safeParse(params);
  if (parsed.success) return { ok: true, params: type === 'training' ? withLearningRate(parsed.data) : parsed.data };
  return { ok: false, errors: parsed.error.issues.flatMap((issue) => paramErrors(issue, type, model)) };
}

/** Where a key refused as unknown does apply, so a client can tell a typo from a misplaced param. */
const APPLIES_TO: Record<string, string> = {
  ...PREPROCESSING_APPLIES_TO,
  hiddenUnits: `training the ${DATASET_SIZED_MLP} model`,
  hiddenLayers: `training the ${DATASET_SIZED_MLP} model`,
  weights: 'inference and feature-extraction with a catalog model',
  batchRows: 'inference and feature-extraction',
  ...Object.fromEntries(Object.keys(trainingBase).map((key) => [key, 'training'])),
};

function paramErrors(issue: z.core.$ZodIssue, type: JobType, model: ParamsModel): ParamError[] {
  const field = ['params', ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const hint = Object.hasOwn(APPLIES_TO, key) ? `; it applies to ${APPLIES_TO[key]}` : '';
      return { field: `${field}.${key}`, code: 'unknown', message: `${key} is not a param of ${type} with model ${model.id}${hint}` };
    });
  }
  const code: ParamErrorCode = issue.code === 'too_small' || issue.code === 'too_big' ? 'range' : 'type';
  return [{ field, code, message: issue.message }];
}
