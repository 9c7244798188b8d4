import { subjects } from '@corex/events';
import { startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';
import { hashOf, work } from './work-events';

const training = { type: 'training', model: 'penguins-mlp', dataset: 'penguins', budget: '5' };
const inference = (weights: unknown) => ({ type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5', params: { weights } });

describe('marketplace params.weights', () => {
  let h: Harness;
  let alice: { id: string; apiKey: string };
  let bob: { id: string; apiKey: string };
  const trained = hashOf('a');
  const stillTraining = hashOf('b');

  const submit = (body: unknown, token = alice.apiKey) => h.request('POST', '/v1/jobs', { token, body });

  beforeAll(async () => {
    h = await startHarness();
    alice = await h.createAccount('alice');
    bob = await h.createAccount('bob');
    const done = (await submit(training)).body.id;
    await h.settle(await h.append(subjects.job(done), [work.completed(done, { weightsHash: trained })]));
    const running = (await submit(training)).body.id;
    await h.settle(await h.append(subjects.job(running), [work.step(running, 1, 0.5)]));
  });
  afterAll(async () => h.close());

  it('takes the weights of one of the caller’s own completed training jobs', async () => {
    const res = await submit(inference(trained));
    expect(res.status).toBe(202);
  });

  it("refuses another tenant's weights exactly as it refuses weights that exist nowhere, appending nothing", async () => {
    const before = await h.eventCount();
    const theirs = await submit(inference(trained), bob.apiKey);
    const nowhere = await submit(inference(hashOf('f')), bob.apiKey);
    expectProblem(theirs, 400, 'JOB.WEIGHTS_UNKNOWN');
    const { instance: _a, ...a } = theirs.body;
    const { instance: _b, ...b } = nowhere.body;
    expect(a).toEqual(b);
    expect(await h.eventCount()).toBe(before);
  });

  it('refuses a step of a job still training as weights', async () => {
    const before = await h.eventCount();
    expectProblem(await submit(inference(stillTraining)), 400, 'JOB.WEIGHTS_UNKNOWN');
    expect(await h.eventCount()).toBe(before);
  });

  it.each([
    ['a malformed hash', 'not-a-hash'],
    ['a number', 42],
    ['null', null],
  ])('refuses %s as weights as a param of the wrong type, naming params.weights', async (_what, weights) => {
    const before = await h.eventCount();
    const res = await submit(inference(weights));
    expectProblem(res, 400, 'JOB.PARAMS_INVALID');
    expect(res.body.details.errors).toEqual([expect.objectContaining({ field: 'params.weights', code: 'type' })]);
    expect(await h.eventCount()).toBe(before);
  });
});
