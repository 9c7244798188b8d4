import { buildMlpForward } from '@corex/compute';
import { startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';

/** Issue 10, items 3 and 7: what cannot run is refused before the 202, with its code, and nothing is appended. */
describe('submission checks', () => {
  let h: Harness;
  let token: string;
  const ids: Record<string, string> = {};

  const job = (overrides: Record<string, unknown>) => ({ type: 'training', model: 'penguins-mlp', dataset: 'penguins', budget: '5', ...overrides });
  const submit = (body: unknown) => h.request('POST', '/v1/jobs', { token, body });
  const uploadCsv = async (query: string, csv: string) => {
    const res = await h.request('POST', `/v1/datasets?${query}`, { token, raw: csv, headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  /** Submits, expects the problem, and proves the log did not grow. */
  async function refused(body: unknown, code: string) {
    const before = await h.eventCount();
    const res = await submit(body);
    expectProblem(res, 400, code);
    expect(await h.eventCount()).toBe(before);
    return res.body;
  }

  beforeAll(async () => {
    h = await startHarness();
    token = (await h.createAccount('acme')).apiKey;
    ids['pets'] = await uploadCsv('name=pets&label=kind', 'a,b,c,kind\n1,2,3,cat\n2,3,4,dog\n3,4,5,cat\n4,5,6,dog\n');
    ids['raw'] = await uploadCsv('name=raw', 'a,b,c,d\n1,2,3,4\n2,3,4,5\n');
    ids['prices'] = await uploadCsv('name=prices&target=price', 'a,b,c,d,price\n1,2,3,4,10.5\n2,3,4,5,11\n');
    ids['pairs'] = await uploadCsv('name=pairs&label=kind', 'a,b,c,d,kind\n1,2,3,4,p\n2,3,4,5,q\n');
    const model = await h.request('POST', '/v1/models?name=wide', {
      token,
      raw: buildMlpForward({ inputs: 5, hidden: 4, classes: 2 }),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(model.status).toBe(201);
    ids['wide'] = model.body.id;
  });
  afterAll(async () => h.close());

  describe('params, refused and never bent', () => {
    it('refuses a typo, naming params.bachRows as unknown', async () => {
      const problem = await refused(job({ type: 'inference', params: { bachRows: 64 } }), 'JOB.PARAMS_INVALID');
      expect(problem.details.errors).toEqual([{ field: 'params.bachRows', code: 'unknown', message: expect.stringContaining('bachRows') }]);
    });

    it('refuses batchRows "64" as a type error and epochs 5000 as out of range', async () => {
      expect((await refused(job({ type: 'inference', params: { batchRows: '64' } }), 'JOB.PARAMS_INVALID')).details.errors).toEqual([
        expect.objectContaining({ field: 'params.batchRows', code: 'type' }),
      ]);
      expect((await refused(job({ params: { epochs: 5000 } }), 'JOB.PARAMS_INVALID')).details.errors).toEqual([
        expect.objectContaining({ field: 'params.epochs', code: 'range' }),
      ]);
    });

    it("refuses another model's param: sigma for the standardizer, hiddenUnits for penguins-mlp", async () => {
      const sigma = await refused(job({ type: 'preprocessing', model: 'standardizer', params: { sigma: 0.5 } }), 'JOB.PARAMS_INVALID');
      expect(sigma.details.errors).toEqual([{ field: 'params.sigma', code: 'unknown', message: expect.stringContaining('noise-augmenter') }]);
      const hidden = await refused(job({ params: { hiddenUnits: 8 } }), 'JOB.PARAMS_INVALID');
      expect(hidden.details.errors).toEqual([expect.objectContaining({ field: 'params.hiddenUnits', code: 'unknown' })]);
    });

    it('shows the params the job runs with, defaults filled in', async () => {
      const res = await submit(job({ params: { epochs: 3 } }));
      expect(res.status).toBe(202);
      const view = await h.request('GET', `/v1/jobs/${res.body.id}`, { token });
      expect(view.body.params).toEqual({
        epochs: 3,
        shards: 4,
        learningRate: 0.5,
        optimizer: 'sgd',
        aggregation: { rule: 'mean' },
        stepDeadlineMs: 300_000,
        minParticipation: 0.6,
        heldOutFraction: 0.2,
        seed: 1,
      });
    });
  });

  describe('fit, checked before the 202', () => {
    it('refuses penguins-mlp on a 3-feature upload, named by its name, saying what does not fit and what to do', async () => {
      const problem = await refused(job({ dataset: 'pets' }), 'JOB.MODEL_DATASET_MISMATCH');
      expect(problem.detail).toBe('penguins-mlp reads 4 features; dataset pets has 3 (a, b, c); train `mlp` to size a model to your data');
      expect(problem.details).toMatchObject({ model: 'penguins-mlp', dataset: ids['pets'], features: 3, inputs: 4 });
    });

    it('refuses an uploaded model whose input does not take the dataset features', async () => {
      const problem = await refused(job({ type: 'inference', model: ids['wide'], dataset: 'pets' }), 'JOB.MODEL_DATASET_MISMATCH');
      expect(problem.detail).toBe('model wide input x is float32 [N, 5]; dataset pets gives float32 [rows, 3]');
    });

    it('refuses a job type the model does not serve', async () => {
      await refused(job({ model: 'standardizer' }), 'JOB.MODEL_TASK_UNSUPPORTED');
      await refused(job({ model: ids['wide'], dataset: 'pets' }), 'JOB.MODEL_TASK_UNSUPPORTED');
    });

    it('refuses training on a dataset with neither labels nor target', async () => {
      const problem = await refused(job({ dataset: 'raw' }), 'JOB.DATASET_UNLABELLED');
      expect(problem.detail).toContain('label=<column> or target=<column>');
    });

    it('refuses a classifier on a target-only dataset', async () => {
      await refused(job({ dataset: 'prices' }), 'JOB.MODEL_OBJECTIVE_MISMATCH');
    });

    it('refuses a 3-class model on a 2-class dataset', async () => {
      const problem = await refused(job({ dataset: 'pairs' }), 'JOB.MODEL_CLASSES_MISMATCH');
      expect(problem.detail).toBe('model penguins-mlp outputs 3 classes; dataset pairs has 2 (p, q)');
    });

    it('accepts the dataset-sized mlp on the same uploads, for classification and regression', async () => {
      for (const dataset of ['pets', 'prices']) {
        const res = await submit(job({ model: 'mlp', dataset, params: { hiddenUnits: 8 } }));
        expect(res.status).toBe(202);
        const view = await h.request('GET', `/v1/jobs/${res.body.id}`, { token });
        expect(view.body).toMatchObject({ dataset: ids[dataset], params: { hiddenUnits: 8, hiddenLayers: 1 } });
      }
    });
  });
});
