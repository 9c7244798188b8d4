import type { JobType } from '../compute-task';
import { DATASET_SIZED_MLP } from './job-params';

type Objective = 'classification' | 'regression';

/** An ONNX input or output as uploaded models declare them (`tensorSignatureSchema`). */
export interface SignatureLike {
  readonly name: string;
  readonly type: string;
  readonly dims: readonly (number | string)[];
}

/** What the fit checks read of a model: a catalog model, or an upload with its graph's signatures. */
export interface FitModel {
  readonly id: string;
  readonly name?: string;
  readonly tasks: readonly JobType[];
  /** Catalog: features read, or 'any' when sized to the dataset. Upload: the graph's inputs. */
  readonly inputs?: number | 'any' | readonly SignatureLike[];
  readonly outputs?: readonly SignatureLike[];
  /** Classes a catalog classifier outputs. */
  readonly classes?: number;
  /** What the model trains for; absent: classification when it has classes. */
  readonly objectives?: readonly Objective[];
}

/** What the fit checks read of a dataset. */
export interface FitDataset {
  readonly id: string;
  readonly name?: string;
  readonly features: readonly string[];
  /** Label values of a classification dataset; empty or absent when unlabelled. */
  readonly classes?: readonly string[];
  /** The numeric column a regression dataset predicts. */
  readonly targetName?: string;
  /** Rows, when known (a slicer's rowRange is checked against them). */
  readonly rows?: number;
}

/** Why a model cannot run a job on a dataset: a stable code, a sentence for people, details for programs. */
export interface FitRefusal {
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

/** Output dtypes a node returns. */
const NODE_DTYPES = new Set(['float32', 'int64']);

/**
 * Whether `model` can run a `type` job on `dataset`, checked before any node time is spent:
 * null when it fits, else the first refusal (JOB.MODEL_TASK_UNSUPPORTED, JOB.MODEL_DATASET_MISMATCH,
 * JOB.MODEL_OUTPUT_UNSUPPORTED, JOB.DATASET_UNLABELLED, JOB.MODEL_OBJECTIVE_MISMATCH,
 * JOB.MODEL_CLASSES_MISMATCH). Pure: the marketplace runs it at submission, the planner again.
 */
export function checkJobFit(type: JobType, model: FitModel, dataset: FitDataset): FitRefusal | null {
  return taskRefusal(type, model) ?? inputRefusal(type, model, dataset) ?? outputRefusal(model) ?? labelRefusal(type, model, dataset);
}

const label = (entry: { id: string; name?: string }) => entry.name ?? entry.id;
const list = (names: readonly string[]) => (names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', '));

function taskRefusal(type: JobType, model: FitModel): FitRefusal | null {
  if (model.tasks.includes(type)) return null;
  return {
    code: 'JOB.MODEL_TASK_UNSUPPORTED',
    message: `model ${label(model)} does not support ${type} jobs (it supports ${model.tasks.join(', ')})`,
    details: { model: model.id, type, supported: model.tasks },
  };
}

function inputRefusal(type: JobType, model: FitModel, dataset: FitDataset): FitRefusal | null {
  const features = dataset.features.length;
  const inputs = model.inputs;
  if (inputs === undefined || inputs === 'any' || type === 'preprocessing') return null;
  const details = { model: model.id, dataset: dataset.id, features };
  if (typeof inputs === 'number') {
    if (inputs === features) return null;
    const hint = type === 'training' ? `; train \`${DATASET_SIZED_MLP}\` to size a model to your data` : '';
    const message = `${label(model)} reads ${inputs} features; dataset ${label(dataset)} has ${features} (${list(dataset.features)})${hint}`;
    return { code: 'JOB.MODEL_DATASET_MISMATCH', message, details: { ...details, inputs } };
  }
  const input = inputs[0];
  const width = input?.dims[1];
  const fits = input?.type === 'float32' && input.dims.length === 2 && (typeof width !== 'number' || width < 0 || width === features);
  if (fits) return null;
  const shape = input ? `${input.type} [${input.dims.join(', ')}]` : 'nothing';
  return {
    code: 'JOB.MODEL_DATASET_MISMATCH',
    message: `model ${label(model)} input ${input?.name ?? ''} is ${shape}; dataset ${label(dataset)} gives float32 [rows, ${features}]`,
    details: { ...details, input: input ?? null },
  };
}

function outputRefusal(model: FitModel): FitRefusal | null {
  const unsupported = (model.outputs ?? []).filter((o) => !NODE_DTYPES.has(o.type));
  if (!unsupported.length) return null;
  return {
    code: 'JOB.MODEL_OUTPUT_UNSUPPORTED',
    message: `model ${label(model)} outputs ${unsupported.map((o) => `${o.name} (${o.type})`).join(', ')}: nodes return float32 or int64 only`,
    details: { model: model.id, outputs: unsupported.map((o) => ({ name: o.name, type: o.type })) },
  };
}

/** Training needs labels or a target the model can learn; a fixed classifier needs as many classes. */
function labelRefusal(type: JobType, model: FitModel, dataset: FitDataset): FitRefusal | null {
  const classes = dataset.classes?.length ?? 0;
  const objective: Objective | null = classes > 0 ? 'classification' : dataset.targetName ? 'regression' : null;
  const details = { model: model.id, dataset: dataset.id };
  if (type === 'training') {
    if (!objective) {
      const message = `dataset ${label(dataset)} has neither labels nor a target to train on; upload it with label=<column> or target=<column>`;
      return { code: 'JOB.DATASET_UNLABELLED', message, details };
    }
    const serves = model.objectives ?? (model.classes !== undefined ? ['classification'] : null);
    if (serves && !serves.includes(objective)) {
      const message = `model ${label(model)} trains for ${serves.join(' or ')}; dataset ${label(dataset)} is a ${objective} dataset (${objective === 'regression' ? `target ${dataset.targetName}` : `${classes} classes`})`;
      return { code: 'JOB.MODEL_OBJECTIVE_MISMATCH', message, details: { ...details, objective, supported: serves } };
    }
  }
  if (type === 'feature-extraction' || type === 'preprocessing' || model.classes === undefined || classes === 0 || classes === model.classes) return null;
  const message = `model ${label(model)} outputs ${model.classes} classes; dataset ${label(dataset)} has ${classes} (${list(dataset.classes ?? [])})`;
  return { code: 'JOB.MODEL_CLASSES_MISMATCH', message, details: { ...details, modelClasses: model.classes, datasetClasses: classes } };
}
