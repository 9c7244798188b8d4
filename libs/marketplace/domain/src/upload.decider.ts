import {
  DatasetDeleted,
  DatasetRegistered,
  ModelDeleted,
  ModelRegistered,
  type DatasetRegisteredData,
  type ModelRegisteredData,
  type NewEvent,
} from '@corex/events';
import { IllegalStateError, NotFoundError, ValidationError } from '@corex/platform';

/** Limits of the registered events, checked here so that no bad upload reaches the log. */
export const UPLOAD_LIMITS = {
  name: 200,
  columns: 1024,
  columnName: 100,
  classes: 1024,
  tensors: 64,
  tensorName: 128,
  tensorType: 32,
  dims: 16,
  dimName: 64,
} as const;

export interface RegisterDataset {
  kind: 'RegisterDataset';
  dataset: Omit<DatasetRegisteredData, 'registeredAt'>;
  now: Date;
}

export interface TensorSignature {
  name: string;
  type: string;
  dims: Array<number | string>;
}

export interface RegisterModel {
  kind: 'RegisterModel';
  model: Omit<ModelRegisteredData, 'registeredAt' | 'tasks'>;
  /** The graph follows the trainable contract (docs/trainable-models.md): it trains, and needs answers to run. */
  trainable?: boolean;
  now: Date;
}

export interface DeleteUpload {
  kind: 'DeleteUpload';
  /** The caller's account: another account's upload is not found, exactly like a missing one. */
  accountId: string;
  id: string;
  now: Date;
}

/**
 * An upload is registered once; the same content again finds the first registration. A deleted
 * upload may be registered again (its id derives from its content, so it is the same aggregate).
 */
export type UploadState<T> = { registered: false } | { registered: true; data: T };

export function initialUploadState<T>(): UploadState<T> {
  return { registered: false };
}

export function evolveUpload<T>(state: UploadState<T>, event: NewEvent): UploadState<T> {
  if (event.type === DatasetRegistered.type || event.type === ModelRegistered.type) return { registered: true, data: event.data as T };
  if (event.type === DatasetDeleted.type || event.type === ModelDeleted.type) return { registered: false };
  return state;
}

export function decideDatasetDeletion(command: DeleteUpload, state: UploadState<DatasetRegisteredData>): NewEvent[] {
  if (!state.registered || state.data.accountId !== command.accountId) {
    throw new NotFoundError('DATASET.NOT_FOUND', `dataset ${command.id.slice(0, 128)} not found`);
  }
  const { datasetId, accountId, name } = state.data;
  return [{ type: DatasetDeleted.type, data: { datasetId, accountId, name, deletedAt: command.now.toISOString() } }];
}

export function decideModelDeletion(command: DeleteUpload, state: UploadState<ModelRegisteredData>): NewEvent[] {
  if (!state.registered || state.data.accountId !== command.accountId) {
    throw new NotFoundError('MODEL.NOT_FOUND', `model ${command.id.slice(0, 128)} not found`);
  }
  const { modelId, accountId, name } = state.data;
  return [{ type: ModelDeleted.type, data: { modelId, accountId, name, deletedAt: command.now.toISOString() } }];
}

export function decideDataset(command: RegisterDataset, state: UploadState<DatasetRegisteredData>): NewEvent[] {
  const d = command.dataset;
  if (state.registered) throw new IllegalStateError('DATASET.ALREADY_REGISTERED', `dataset ${d.datasetId} is registered`);
  checkName(d.name, 'DATASET.NAME_INVALID');
  if (d.rows < 1) throw new ValidationError('DATASET.EMPTY', 'a dataset needs at least one row');
  if (d.featureNames.length < 1) throw new ValidationError('DATASET.NO_FEATURES', 'a dataset needs at least one feature column');
  if (d.featureNames.length > UPLOAD_LIMITS.columns) {
    throw new ValidationError('DATASET.TOO_MANY_COLUMNS', `at most ${UPLOAD_LIMITS.columns} feature columns`, {
      features: d.featureNames.length,
    });
  }
  if (d.classNames.length > UPLOAD_LIMITS.classes) {
    throw new ValidationError('DATASET.TOO_MANY_CLASSES', `at most ${UPLOAD_LIMITS.classes} classes`, { classes: d.classNames.length });
  }
  checkLength(d.featureNames, 'DATASET.COLUMN_NAME_INVALID', 'column');
  checkLength(d.classNames, 'DATASET.CLASS_NAME_INVALID', 'class');
  if (d.targetName !== undefined && (d.classNames.length || d.labelName !== undefined)) {
    throw new ValidationError('DATASET.LABEL_AND_TARGET', 'a dataset has a label column or a target column, not both');
  }
  checkLength([d.targetName ?? '', d.labelName ?? ''], 'DATASET.COLUMN_NAME_INVALID', 'column');
  return [{ type: DatasetRegistered.type, data: { ...d, registeredAt: command.now.toISOString() } }];
}

export function decideModel(command: RegisterModel, state: UploadState<ModelRegisteredData>): NewEvent[] {
  const m = command.model;
  if (state.registered) throw new IllegalStateError('MODEL.ALREADY_REGISTERED', `model ${m.modelId} is registered`);
  checkName(m.name, 'MODEL.NAME_INVALID');
  for (const [side, list] of [['inputs', m.inputs], ['outputs', m.outputs]] as const) {
    if (list.length < 1 || list.length > UPLOAD_LIMITS.tensors) {
      throw new ValidationError('MODEL.SIGNATURE_UNSUPPORTED', `a model needs 1 to ${UPLOAD_LIMITS.tensors} ${side}`, { [side]: list.length });
    }
    const bad = list.find((t) => !signatureFits(t));
    if (bad) {
      throw new ValidationError('MODEL.SIGNATURE_UNSUPPORTED', `${side} ${bad.name.slice(0, 64)}: name, type or shape beyond the limits`);
    }
  }
  // Uploaded graphs run as they are: no weights, gradient or extractor graph is derived from them. A
  // trainable graph reads answers (y or t) beside x, so it serves training only.
  const data: ModelRegisteredData = { ...m, tasks: command.trainable ? ['training'] : ['inference'], registeredAt: command.now.toISOString() };
  return [{ type: ModelRegistered.type, data }];
}

function checkName(name: string, code: string): void {
  if (name.trim() && name.length <= UPLOAD_LIMITS.name) return;
  throw new ValidationError(code, `name must be 1 to ${UPLOAD_LIMITS.name} characters`);
}

function checkLength(names: string[], code: string, what: string): void {
  const long = names.find((n) => n.length > UPLOAD_LIMITS.columnName);
  if (long === undefined) return;
  throw new ValidationError(code, `${what} names are at most ${UPLOAD_LIMITS.columnName} characters`, { [what]: long.slice(0, 120) });
}

function signatureFits(t: TensorSignature): boolean {
  return (
    t.name.length <= UPLOAD_LIMITS.tensorName &&
    t.type.length <= UPLOAD_LIMITS.tensorType &&
    t.dims.length <= UPLOAD_LIMITS.dims &&
    t.dims.every((d) => (typeof d === 'number' ? Number.isInteger(d) : d.length <= UPLOAD_LIMITS.dimName))
  );
}
