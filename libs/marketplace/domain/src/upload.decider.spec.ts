import { DatasetDeleted, DatasetRegistered, ModelDeleted, ModelRegistered } from '@corex/events';
import { deciderSpec } from '@corex/platform';
import {
  decideDataset,
  decideDatasetDeletion,
  decideModel,
  decideModelDeletion,
  evolveUpload,
  initialUploadState,
  type DeleteUpload,
  type RegisterDataset,
  type RegisterModel,
} from './upload.decider';

const now = new Date('2026-11-26T09:00:00.000Z');
const hash = 'b'.repeat(64);

const dataset = {
  datasetId: 'ds-1',
  accountId: 'acc-1',
  name: 'flowers',
  rows: 3,
  featureNames: ['a', 'b'],
  classNames: ['x', 'y'],
  blobHash: hash,
  bytes: 100,
};
const registerDataset = (over: Partial<RegisterDataset['dataset']> = {}): RegisterDataset => ({
  kind: 'RegisterDataset',
  dataset: { ...dataset, ...over },
  now,
});
const datasetRegistered = { type: DatasetRegistered.type, data: { ...dataset, registeredAt: now.toISOString() } };

const tensor = { name: 'x', type: 'float32', dims: ['N', 4] };
const model = { modelId: 'm-1', accountId: 'acc-1', name: 'mlp', graphHash: hash, bytes: 500, inputs: [tensor], outputs: [{ ...tensor, name: 'y' }] };
const registerModel = (over: Partial<RegisterModel['model']> = {}): RegisterModel => ({ kind: 'RegisterModel', model: { ...model, ...over }, now });

const datasets = deciderSpec({ decide: decideDataset, evolve: evolveUpload, initialState: initialUploadState });
const models = deciderSpec({ decide: decideModel, evolve: evolveUpload, initialState: initialUploadState });

describe('dataset registration', () => {
  it('registers a dataset with its rows, features and classes', () => {
    datasets.given([]).when(registerDataset()).then([datasetRegistered]);
  });

  it('refuses a dataset registered before', () => {
    datasets.given([datasetRegistered]).when(registerDataset()).thenThrows('DATASET.ALREADY_REGISTERED');
  });

  it.each([
    ['no rows', { rows: 0 }, 'DATASET.EMPTY'],
    ['no feature column', { featureNames: [] }, 'DATASET.NO_FEATURES'],
    ['too many columns', { featureNames: Array.from({ length: 1025 }, (_, i) => `f${i}`) }, 'DATASET.TOO_MANY_COLUMNS'],
    ['too many classes', { classNames: Array.from({ length: 1025 }, (_, i) => `c${i}`) }, 'DATASET.TOO_MANY_CLASSES'],
    ['a long column name', { featureNames: ['x'.repeat(101)] }, 'DATASET.COLUMN_NAME_INVALID'],
    ['a long class name', { classNames: ['x'.repeat(101)] }, 'DATASET.CLASS_NAME_INVALID'],
    ['a blank name', { name: '  ' }, 'DATASET.NAME_INVALID'],
  ])('refuses a dataset with %s', (_why, over, code) => {
    datasets.given([]).when(registerDataset(over)).thenThrows(code);
  });
});

describe('model registration', () => {
  it('registers an uploaded graph for inference only', () => {
    models
      .given([])
      .when(registerModel())
      .then([{ type: ModelRegistered.type, data: { ...model, tasks: ['inference'], registeredAt: now.toISOString() } }]);
  });

  it.each([
    ['no inputs', { inputs: [] }],
    ['65 outputs', { outputs: Array.from({ length: 65 }, () => tensor) }],
    ['a 17-dimensional input', { inputs: [{ ...tensor, dims: Array.from({ length: 17 }, () => 1) }] }],
    ['a long symbolic dimension', { inputs: [{ ...tensor, dims: ['n'.repeat(65)] }] }],
    ['a long tensor name', { outputs: [{ ...tensor, name: 'y'.repeat(129) }] }],
  ])('refuses a model with %s', (_why, over) => {
    models.given([]).when(registerModel(over)).thenThrows('MODEL.SIGNATURE_UNSUPPORTED');
  });

  it('refuses a model registered before', () => {
    const registered = { type: ModelRegistered.type, data: { ...model, tasks: ['inference'], registeredAt: now.toISOString() } };
    models.given([registered]).when(registerModel()).thenThrows('MODEL.ALREADY_REGISTERED');
  });
});

const datasetDeletions = deciderSpec({ decide: decideDatasetDeletion, evolve: evolveUpload, initialState: initialUploadState });
const modelDeletions = deciderSpec({ decide: decideModelDeletion, evolve: evolveUpload, initialState: initialUploadState });
const deleteUpload = (id: string, accountId = 'acc-1'): DeleteUpload => ({ kind: 'DeleteUpload', id, accountId, now });
const datasetDeleted = { type: DatasetDeleted.type, data: { datasetId: 'ds-1', accountId: 'acc-1', name: 'flowers', deletedAt: now.toISOString() } };

describe('regression datasets', () => {
  it('registers a dataset with a target column and no classes', () => {
    const data = { ...dataset, classNames: [], targetName: 'price' };
    datasets.given([]).when(registerDataset({ classNames: [], targetName: 'price' })).then([{ type: DatasetRegistered.type, data: { ...data, registeredAt: now.toISOString() } }]);
  });

  it('refuses a dataset with both classes and a target', () => {
    datasets.given([]).when(registerDataset({ targetName: 'price' })).thenThrows('DATASET.LABEL_AND_TARGET');
  });
});

describe('upload deletion', () => {
  it('deletes a registered dataset, naming it in the event', () => {
    datasetDeletions.given([datasetRegistered]).when(deleteUpload('ds-1')).then([datasetDeleted]);
  });

  it('deletes a registered model', () => {
    const registered = { type: ModelRegistered.type, data: { ...model, tasks: ['inference'], registeredAt: now.toISOString() } };
    modelDeletions
      .given([registered])
      .when(deleteUpload('m-1'))
      .then([{ type: ModelDeleted.type, data: { modelId: 'm-1', accountId: 'acc-1', name: 'mlp', deletedAt: now.toISOString() } }]);
  });

  it('answers not found for a deleted, a never registered and another account\'s dataset', () => {
    datasetDeletions.given([datasetRegistered, datasetDeleted]).when(deleteUpload('ds-1')).thenThrows('DATASET.NOT_FOUND');
    datasetDeletions.given([]).when(deleteUpload('ds-1')).thenThrows('DATASET.NOT_FOUND');
    datasetDeletions.given([datasetRegistered]).when(deleteUpload('ds-1', 'acc-2')).thenThrows('DATASET.NOT_FOUND');
    modelDeletions.given([]).when(deleteUpload('m-1')).thenThrows('MODEL.NOT_FOUND');
  });

  it('registers the same content again after a deletion', () => {
    datasets.given([datasetRegistered, datasetDeleted]).when(registerDataset()).then([datasetRegistered]);
  });
});
