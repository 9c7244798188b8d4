import { checkJobFit, type FitDataset, type FitModel } from './job-fit';

const MLP_TASKS = ['inference', 'training', 'feature-extraction'] as const;
const penguinsMlp: FitModel = { id: 'penguins-mlp', tasks: MLP_TASKS, inputs: 4, classes: 3 };
const sizedMlp: FitModel = { id: 'mlp', tasks: MLP_TASKS, inputs: 'any', objectives: ['classification', 'regression'] };
const standardizer: FitModel = { id: 'standardizer', tasks: ['preprocessing'], inputs: 'any' };
const penguins: FitDataset = { id: 'penguins', features: ['a', 'b', 'c', 'd'], classes: ['x', 'y', 'z'] };
const pets: FitDataset = { id: 'ds-1', name: 'pets', features: ['a', 'b', 'c'], classes: ['cat', 'dog'] };
const prices: FitDataset = { id: 'ds-2', name: 'prices', features: ['a', 'b', 'c', 'd'], classes: [], targetName: 'price' };
const unlabelled: FitDataset = { id: 'ds-3', name: 'raw', features: ['a', 'b', 'c', 'd'], classes: [] };
const uploaded = (input: { type: string; dims: (number | string)[] }, outputType = 'float32'): FitModel => ({
  id: 'm-1',
  name: 'my-onnx',
  tasks: ['inference'],
  inputs: [{ name: 'x', ...input }],
  outputs: [{ name: 'y', type: outputType, dims: ['N', 3] }],
});

describe('checkJobFit', () => {
  it('given a catalog model and the dataset it was made for, when checked, then it fits', () => {
    for (const type of MLP_TASKS) expect(checkJobFit(type, penguinsMlp, penguins)).toBeNull();
    expect(checkJobFit('preprocessing', standardizer, pets)).toBeNull();
  });

  it('given penguins-mlp and a 3-feature dataset, when checked, then the refusal names both counts, the features and the way out', () => {
    const refusal = checkJobFit('training', penguinsMlp, pets);
    expect(refusal).toEqual({
      code: 'JOB.MODEL_DATASET_MISMATCH',
      message: 'penguins-mlp reads 4 features; dataset pets has 3 (a, b, c); train `mlp` to size a model to your data',
      details: { model: 'penguins-mlp', dataset: 'ds-1', features: 3, inputs: 4 },
    });
    expect(checkJobFit('inference', penguinsMlp, pets)?.code).toBe('JOB.MODEL_DATASET_MISMATCH');
  });

  it('given a job type the model does not serve, when checked, then JOB.MODEL_TASK_UNSUPPORTED', () => {
    expect(checkJobFit('training', standardizer, penguins)).toMatchObject({ code: 'JOB.MODEL_TASK_UNSUPPORTED', details: { supported: ['preprocessing'] } });
    expect(checkJobFit('preprocessing', penguinsMlp, penguins)?.code).toBe('JOB.MODEL_TASK_UNSUPPORTED');
  });

  it('given an uploaded model, when its input does not take float32 [rows, features], then JOB.MODEL_DATASET_MISMATCH shows both shapes', () => {
    expect(checkJobFit('inference', uploaded({ type: 'float32', dims: ['N', 4] }), penguins)).toBeNull();
    expect(checkJobFit('inference', uploaded({ type: 'float32', dims: [-1, 4] }), penguins)).toBeNull();
    const wrongWidth = checkJobFit('inference', uploaded({ type: 'float32', dims: ['N', 7] }), pets);
    expect(wrongWidth).toMatchObject({ code: 'JOB.MODEL_DATASET_MISMATCH', message: 'model my-onnx input x is float32 [N, 7]; dataset pets gives float32 [rows, 3]' });
    expect(checkJobFit('inference', uploaded({ type: 'int64', dims: ['N', 4] }), penguins)?.code).toBe('JOB.MODEL_DATASET_MISMATCH');
    expect(checkJobFit('inference', uploaded({ type: 'float32', dims: [1, 4, 4] }), penguins)?.code).toBe('JOB.MODEL_DATASET_MISMATCH');
  });

  it('given an uploaded model with an output nodes cannot return, when checked, then JOB.MODEL_OUTPUT_UNSUPPORTED', () => {
    expect(checkJobFit('inference', uploaded({ type: 'float32', dims: ['N', 4] }, 'string'), penguins)).toMatchObject({
      code: 'JOB.MODEL_OUTPUT_UNSUPPORTED',
      details: { outputs: [{ name: 'y', type: 'string' }] },
    });
  });

  it('given training on a dataset with neither labels nor target, when checked, then JOB.DATASET_UNLABELLED', () => {
    expect(checkJobFit('training', sizedMlp, unlabelled)).toMatchObject({ code: 'JOB.DATASET_UNLABELLED', message: expect.stringContaining('label=<column> or target=<column>') });
    expect(checkJobFit('inference', penguinsMlp, unlabelled)).toBeNull();
  });

  it('given a classifier and a target-only dataset, when training, then JOB.MODEL_OBJECTIVE_MISMATCH; the sized mlp trains either', () => {
    expect(checkJobFit('training', penguinsMlp, prices)).toMatchObject({ code: 'JOB.MODEL_OBJECTIVE_MISMATCH', details: { objective: 'regression', supported: ['classification'] } });
    expect(checkJobFit('training', sizedMlp, prices)).toBeNull();
    expect(checkJobFit('training', sizedMlp, pets)).toBeNull();
  });

  it('given a regression-only model and a labelled dataset, when training, then JOB.MODEL_OBJECTIVE_MISMATCH', () => {
    const regressor: FitModel = { ...sizedMlp, id: 'reg', objectives: ['regression'] };
    expect(checkJobFit('training', regressor, pets)).toMatchObject({ code: 'JOB.MODEL_OBJECTIVE_MISMATCH', details: { objective: 'classification' } });
  });

  it('given a 3-class model and a labelled dataset of another class count, when training or inferring, then JOB.MODEL_CLASSES_MISMATCH', () => {
    const twoClasses: FitDataset = { ...penguins, name: 'pairs', classes: ['p', 'q'] };
    expect(checkJobFit('training', penguinsMlp, twoClasses)).toMatchObject({
      code: 'JOB.MODEL_CLASSES_MISMATCH',
      message: 'model penguins-mlp outputs 3 classes; dataset pairs has 2 (p, q)',
    });
    expect(checkJobFit('inference', penguinsMlp, twoClasses)?.code).toBe('JOB.MODEL_CLASSES_MISMATCH');
    expect(checkJobFit('feature-extraction', penguinsMlp, twoClasses)).toBeNull();
  });
});
