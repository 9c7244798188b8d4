import { parseJobParams, type ParamError } from './job-params';

const penguins = { id: 'penguins-mlp' };
const mlp = { id: 'mlp' };
const uploaded = { id: 'my-model', uploaded: true };

function refused(result: ReturnType<typeof parseJobParams>): ParamError[] {
  if (result.ok) throw new Error(`expected refusal, got ${JSON.stringify(result.params)}`);
  return result.errors;
}

describe('parseJobParams', () => {
  describe('given a training job', () => {
    it('when params are empty, then every default is filled in', () => {
      expect(parseJobParams('training', penguins, {})).toEqual({
        ok: true,
        params: { epochs: 30, shards: 4, learningRate: 0.5, optimizer: 'sgd', aggregation: { rule: 'mean' }, stepDeadlineMs: 300_000, minParticipation: 0.6, heldOutFraction: 0.2, seed: 1 },
      });
    });

    it('when an optimizer, a robust rule, a step deadline and a participation are given, then they are kept', () => {
      const params = { optimizer: 'adam', aggregation: { rule: 'trimmed-mean', byzantineFraction: 0.25 }, stepDeadlineMs: 1_000, minParticipation: 1 };
      expect(parseJobParams('training', penguins, params)).toMatchObject({ ok: true, params });
    });

    it('when the aggregation rule, its fraction, the deadline or the participation is out of bounds, then each is refused by its path', () => {
      const errors = refused(parseJobParams('training', penguins, { optimizer: 'rmsprop', aggregation: { rule: 'average', byzantineFraction: 0.6, typo: 1 }, stepDeadlineMs: 999, minParticipation: 0.05 }));
      expect(errors.map((e) => [e.field, e.code])).toEqual(
        expect.arrayContaining([
          ['params.optimizer', 'type'],
          ['params.aggregation.rule', 'type'],
          ['params.aggregation.byzantineFraction', 'range'],
          ['params.aggregation.typo', 'unknown'],
          ['params.stepDeadlineMs', 'range'],
          ['params.minParticipation', 'range'],
        ]),
      );
    });

    it('when the model is mlp, then hiddenUnits 32 and hiddenLayers 1 are filled in and may be set', () => {
      expect(parseJobParams('training', mlp, {})).toMatchObject({ ok: true, params: { hiddenUnits: 32, hiddenLayers: 1 } });
      expect(parseJobParams('training', mlp, { hiddenUnits: 1024, hiddenLayers: 4 })).toMatchObject({ ok: true, params: { hiddenUnits: 1024, hiddenLayers: 4 } });
    });

    it('when epochs is 5000, then it is refused as out of range, not clamped', () => {
      expect(refused(parseJobParams('training', penguins, { epochs: 5000 }))).toEqual([
        { field: 'params.epochs', code: 'range', message: expect.stringMatching(/1000/) },
      ]);
    });

    it('when a bound is crossed, then each crossing is refused as a range error', () => {
      const cases: Record<string, unknown>[] = [{ epochs: 0 }, { shards: 257 }, { learningRate: 0 }, { learningRate: 10.5 }, { heldOutFraction: 0.95 }, { heldOutFraction: 0 }];
      for (const params of cases) {
        expect(refused(parseJobParams('training', penguins, params))).toEqual([expect.objectContaining({ field: `params.${Object.keys(params)[0]}`, code: 'range' })]);
      }
      expect(refused(parseJobParams('training', mlp, { hiddenUnits: 1025, hiddenLayers: 0 })).map((e) => [e.field, e.code])).toEqual([
        ['params.hiddenUnits', 'range'],
        ['params.hiddenLayers', 'range'],
      ]);
    });

    it('when a value has the wrong type or is fractional where a whole number is due, then it is a type error', () => {
      expect(refused(parseJobParams('training', penguins, { epochs: '12', shards: 2.5, seed: null })).map((e) => [e.field, e.code])).toEqual([
        ['params.epochs', 'type'],
        ['params.shards', 'type'],
        ['params.seed', 'type'],
      ]);
    });

    it('when hiddenUnits is given for a model other than mlp, then it is an unknown key that says where it applies', () => {
      expect(refused(parseJobParams('training', penguins, { hiddenUnits: 8 }))).toEqual([
        { field: 'params.hiddenUnits', code: 'unknown', message: expect.stringContaining('applies to training the mlp model') },
      ]);
    });
  });

  describe('given an inference job', () => {
    it('when batchRows is misspelt, then the typo is refused by name', () => {
      expect(refused(parseJobParams('inference', penguins, { bachRows: 64 }))).toEqual([
        { field: 'params.bachRows', code: 'unknown', message: expect.stringContaining('bachRows is not a param of inference') },
      ]);
    });

    it('when batchRows is the string "64", then it is a type error instead of one whole-dataset fragment', () => {
      expect(refused(parseJobParams('inference', penguins, { batchRows: '64' }))).toEqual([expect.objectContaining({ field: 'params.batchRows', code: 'type' })]);
    });

    it('when batchRows is within 1..100000 and weights is a sha256, then both are kept', () => {
      const weights = 'a'.repeat(64);
      expect(parseJobParams('inference', penguins, { batchRows: 100_000, weights })).toEqual({ ok: true, params: { batchRows: 100_000, weights } });
      expect(refused(parseJobParams('inference', penguins, { batchRows: 100_001 }))[0]).toMatchObject({ code: 'range' });
      expect(refused(parseJobParams('inference', penguins, { weights: 'abc' }))[0]).toMatchObject({ field: 'params.weights', code: 'type' });
    });

    it('when the model is uploaded, then weights is not one of its params', () => {
      expect(refused(parseJobParams('inference', uploaded, { weights: 'a'.repeat(64) }))[0]).toMatchObject({ field: 'params.weights', code: 'unknown' });
    });

    it('when a training param is given, then it is unknown for inference', () => {
      expect(refused(parseJobParams('feature-extraction', penguins, { epochs: 3 }))[0]).toMatchObject({ field: 'params.epochs', code: 'unknown' });
    });

    it('when hiddenUnits is given for inference with mlp, then it is unknown: the trained weights set the layer sizes', () => {
      expect(refused(parseJobParams('inference', mlp, { hiddenUnits: 8 }))[0]).toMatchObject({ field: 'params.hiddenUnits', code: 'unknown', message: expect.stringContaining('training the mlp model') });
    });
  });

  describe('given a preprocessing job', () => {
    it('when the model is the noise-augmenter, then sigma defaults to 0.1 and must be within (0, 100]', () => {
      expect(parseJobParams('preprocessing', { id: 'noise-augmenter' }, {})).toEqual({ ok: true, params: { sliceRows: 256, sigma: 0.1, copies: 1 } });
      expect(refused(parseJobParams('preprocessing', { id: 'noise-augmenter' }, { sigma: 0 }))[0]).toMatchObject({ field: 'params.sigma', code: 'range' });
      expect(refused(parseJobParams('preprocessing', { id: 'noise-augmenter' }, { sigma: 101 }))[0]).toMatchObject({ field: 'params.sigma', code: 'range' });
    });

    it('when sigma is given to another preprocessor, then it is unknown there', () => {
      expect(refused(parseJobParams('preprocessing', { id: 'standardizer' }, { sigma: 0.5 }))).toEqual([
        { field: 'params.sigma', code: 'unknown', message: expect.stringContaining('noise-augmenter') },
      ]);
    });

    it('when sliceRows is out of range, then it is refused', () => {
      expect(refused(parseJobParams('preprocessing', { id: 'standardizer' }, { sliceRows: 0 }))[0]).toMatchObject({ field: 'params.sliceRows', code: 'range' });
    });
  });
});
