import { ValidationError } from '@corex/platform';
import { batchRows, checkJobParams, integerParam, sliceRows, trainingParams } from './job-params';

function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('trainingParams', () => {
  it('fills the defaults: 30 epochs, 4 shards, learning rate 0.5, 20% held out, seed 1, 32 hidden units in 1 layer', () => {
    expect(trainingParams({})).toEqual({
      epochs: 30,
      shards: 4,
      learningRate: 0.5,
      optimizer: 'sgd',
      aggregation: { rule: 'mean' },
      stepDeadlineMs: 300_000,
      minParticipation: 0.6,
      heldOutFraction: 0.2,
      seed: 1,
      hiddenUnits: 32,
      hiddenLayers: 1,
    });
  });

  it('given adam without a learning rate, takes 0.05; a learning rate given is kept', () => {
    expect(trainingParams({ optimizer: 'adam' })).toMatchObject({ optimizer: 'adam', learningRate: 0.05 });
    expect(trainingParams({ optimizer: 'adam', learningRate: 0.01 })).toMatchObject({ learningRate: 0.01 });
  });

  it('keeps values inside the ranges', () => {
    const params = { epochs: 12, shards: 8, learningRate: 0.05, heldOutFraction: 0.3, seed: 42 };
    expect(trainingParams(params)).toMatchObject(params);
  });

  it('refuses values outside the ranges with JOB.PARAMS_INVALID naming each field, instead of clamping', () => {
    const err = thrown(() => trainingParams({ epochs: 5000, shards: 0 }));
    expect(err.code).toBe('JOB.PARAMS_INVALID');
    expect(err.details?.['errors']).toEqual([
      expect.objectContaining({ field: 'params.epochs', code: 'range' }),
      expect.objectContaining({ field: 'params.shards', code: 'range' }),
    ]);
  });

  it('refuses values that are not numbers instead of ignoring them', () => {
    expect(thrown(() => trainingParams({ epochs: '12' })).details?.['errors']).toEqual([expect.objectContaining({ field: 'params.epochs', code: 'type' })]);
  });
});

describe('checkJobParams', () => {
  it('given an old event whose params no longer parse, when checked, then JOB.PARAMS_INVALID names the unknown key', () => {
    const err = thrown(() => checkJobParams('inference', { id: 'penguins-mlp' }, { bachRows: 64 }));
    expect(err.code).toBe('JOB.PARAMS_INVALID');
    expect(err.message).toMatch(/params\.bachRows/);
  });

  it('given valid params, when checked, then the defaults are filled in', () => {
    expect(checkJobParams('preprocessing', { id: 'noise-augmenter' }, { sliceRows: 10 })).toEqual({ sliceRows: 10, sigma: 0.1, copies: 1 });
  });
});

describe('integerParam, batchRows and sliceRows', () => {
  it('answer the default when absent and the value when valid', () => {
    expect(integerParam({}, 'n', 7, 1, 10)).toBe(7);
    expect(integerParam({ n: 10 }, 'n', 7, 1, 10)).toBe(10);
    expect(sliceRows({})).toBe(256);
    expect(sliceRows({ sliceRows: 3 })).toBe(3);
    expect(batchRows({ batchRows: 5 }, null)).toBe(5);
    expect(batchRows({}, null)).toBe(64);
  });

  it('refuse a fractional, out-of-range or non-number value instead of flooring or clamping it', () => {
    expect(thrown(() => integerParam({ n: 2.5 }, 'n', 7, 1, 10)).details?.['errors']).toEqual([expect.objectContaining({ field: 'params.n', code: 'type' })]);
    expect(thrown(() => sliceRows({ sliceRows: 0 })).code).toBe('JOB.PARAMS_INVALID');
    expect(thrown(() => batchRows({ batchRows: '64' }, null)).code).toBe('JOB.PARAMS_INVALID');
    expect(thrown(() => batchRows({ batchRows: 200_000 }, null)).code).toBe('JOB.PARAMS_INVALID');
  });
});
