import { verificationQuote } from '@corex/verification-domain';
import { startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';

/** Issue 15, item 2: the console shows the verification policy's quote before the customer submits. */
describe('quote a job (POST /v1/jobs/quote)', () => {
  let h: Harness;
  let token: string;
  const inference = { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5' };
  const quote = (body: unknown, as = token) => h.request('POST', '/v1/jobs/quote', { token: as, body });

  beforeAll(async () => {
    h = await startHarness();
    token = (await h.createAccount('acme')).apiKey;
  });
  afterAll(async () => h.close());

  it('answers what the submission would quote, and stores nothing', async () => {
    const policy = { mode: 'spot-check', rate: 0.2 } as const;
    const before = await h.eventCount();
    const res = await quote({ ...inference, verification: policy });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5', verification: { policy, quote: verificationQuote(policy, { budget: '5' }) } });
    expect(await h.eventCount()).toBe(before);
    expect((await h.request('GET', '/v1/jobs', { token })).body.items).toEqual([]);

    const submitted = await h.request('POST', '/v1/jobs', { token, body: { ...inference, verification: policy } });
    expect(submitted.status).toBe(202);
    expect(submitted.body.verification).toEqual(res.body.verification);
  });

  it('quotes adaptive when no policy is sent, and redundancy as the whole budget again', async () => {
    expect((await quote(inference)).body.verification).toEqual({ policy: { mode: 'adaptive' }, quote: verificationQuote({ mode: 'adaptive' }, { budget: '5' }) });
    expect((await quote({ ...inference, verification: { mode: 'redundancy', factor: 2 } })).body.verification.quote).toMatchObject({ extraCost: '5', detectionPerFragment: 1 });
  });

  it.each([
    ['a bad policy', { ...inference, verification: { mode: 'spot-check', rate: 2 } }, 'JOB.VERIFICATION_INVALID'],
    ['a budget over the most a job may take', { ...inference, budget: '2000000' }, 'JOB.BUDGET_INVALID'],
    ['a budget that is no amount', { ...inference, budget: '-1' }, 'REQUEST.INVALID_BODY'],
    ['an unknown model', { ...inference, model: 'nope' }, 'JOB.MODEL_UNKNOWN'],
    ['an unknown dataset', { ...inference, dataset: 'nope' }, 'JOB.DATASET_UNKNOWN'],
    ['a param the model does not take', { ...inference, params: { bachRows: 64 } }, 'JOB.PARAMS_INVALID'],
    ['weights that are not yours', { ...inference, params: { weights: 'a'.repeat(64) } }, 'JOB.WEIGHTS_UNKNOWN'],
    ['an unknown field', { ...inference, colour: 'red' }, 'REQUEST.INVALID_BODY'],
  ])('refuses %s with the code the submission gives, storing nothing', async (_what, body, code) => {
    const before = await h.eventCount();
    const [quoted, submitted] = [await quote(body), await h.request('POST', '/v1/jobs', { token, body })];
    expectProblem(quoted, 400, code);
    expectProblem(submitted, 400, code);
    expect(await h.eventCount()).toBe(before);
  });

  it('needs an API key', async () => {
    expectProblem(await quote(inference, 'cx_not-a-key'), 401);
  });
});
