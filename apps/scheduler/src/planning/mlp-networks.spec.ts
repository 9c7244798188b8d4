import { findModel, type Dataset } from '@corex/compute';
import { ValidationError } from '@corex/platform';
import { trainingParams } from '@corex/scheduler-domain';
import { gradientOutputs, trainingShape } from './mlp-networks';

const table = (extra: Partial<Dataset>): Dataset => ({
  features: new Float32Array(12),
  rows: 4,
  featureNames: ['length', 'height', 'weight'],
  labels: Int32Array.from([0, 1, 2, 0]),
  classNames: ['alpha', 'beta', 'gamma'],
  ...extra,
});

describe('trainingShape', () => {
  const mlp = findModel('mlp')!;

  it('given a labelled 3-feature dataset, sizes mlp to 3 inputs and its 3 classes with the default width and depth', () => {
    expect(trainingShape(mlp, table({}), trainingParams({}))).toEqual({ inputs: 3, hidden: 32, classes: 3 });
  });

  it('given a dataset with a regression target, sizes mlp to one output with the asked width and depth', () => {
    const regression = table({ classNames: [], labels: new Int32Array(4).fill(-1), targets: new Float32Array(4), targetName: 'value' });
    expect(trainingShape(mlp, regression, trainingParams({ hiddenUnits: 8, hiddenLayers: 3 }))).toEqual({
      inputs: 3,
      hidden: 8,
      classes: 1,
      hiddenLayers: 3,
      objective: 'regression',
    });
  });

  it('given a dataset with neither labels nor target, refuses mlp with JOB.DATASET_UNLABELLED', () => {
    const unlabelled = table({ classNames: [], labels: new Int32Array(4).fill(-1) });
    expect(() => trainingShape(mlp, unlabelled, trainingParams({}))).toThrow(expect.objectContaining({ code: 'JOB.DATASET_UNLABELLED' }));
    expect(() => trainingShape(mlp, unlabelled, trainingParams({}))).toThrow(ValidationError);
  });

  it('given a fixed catalog MLP, keeps its own architecture whatever the dataset', () => {
    const penguins = findModel('penguins-mlp')!;
    expect(trainingShape(penguins, table({}), trainingParams({}))).toBe(penguins.architecture);
  });
});

describe('gradientOutputs', () => {
  it('names the loss and a gradient for every parameter of a two-hidden-layer network', () => {
    expect(gradientOutputs({ inputs: 3, hidden: 4, classes: 1, hiddenLayers: 2, objective: 'regression' })).toEqual(['loss', 'dW1', 'db1', 'dW2', 'db2', 'dW3', 'db3']);
  });
});
