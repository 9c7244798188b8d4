import { ADMIN_TOKEN, startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';

type Answer = { status: number; body: any; headers: Headers };
const job = { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5' };
const LONE = '\ud800';

describe('marketplace input at the edge', () => {
  let h: Harness;
  let alice: { id: string; apiKey: string };

  beforeAll(async () => {
    h = await startHarness();
    alice = await h.createAccount('alice');
  });
  afterAll(async () => h.close());

  /** Runs a refused request and proves nothing reached the log. */
  async function refused(run: () => Promise<Answer>, status: number, code: string): Promise<Answer> {
    const before = await h.eventCount();
    const res = await run();
    expectProblem(res, status, code);
    expect(await h.eventCount()).toBe(before);
    return res;
  }
  const submit = (body: unknown, token = alice.apiKey) => h.request('POST', '/v1/jobs', { token, body });
  const upload = (query: string, raw: string, type = 'text/csv') =>
    h.request('POST', `/v1/datasets?${query}`, { token: alice.apiKey, raw, headers: { 'content-type': type } });

  it.each([
    ['a NUL in the model name', { ...job, model: 'penguins\u0000' }, 'body.model', 'nul'],
    ['a NUL in a params value', { ...job, params: { note: 'a\u0000b' } }, 'body.params.note', 'nul'],
    ['a NUL in a params key', { ...job, params: { 'k\u0000': 1 } }, 'body.params.(key)', 'nul'],
    ['a lone surrogate deep in params', { ...job, params: { a: [{ b: `x${LONE}` }] } }, 'body.params.a[0].b', 'lone-surrogate'],
    ['a lone surrogate in a params key', { ...job, params: { [LONE]: 1 } }, 'body.params.(key)', 'lone-surrogate'],
    ['a very long params value', { ...job, params: { note: 'x'.repeat(5000) } }, 'body.params.note', 'too-long'],
    ['params nested too deeply', { ...job, params: { deep: JSON.parse('['.repeat(40) + ']'.repeat(40)) } }, 'body.params.deep' + '[0]'.repeat(30), 'too-deep'],
  ])('refuses a job with %s with 400 REQUEST.INVALID_STRING naming where', async (_what, body, location, fault) => {
    const res = await refused(() => submit(body), 400, 'REQUEST.INVALID_STRING');
    expect(res.body.details).toEqual({ location, fault });
  });

  it('refuses an account name with a NUL or a lone surrogate (admin route) with 400, appending nothing', async () => {
    for (const name of ['ev\u0000il', `ev${LONE}il`]) {
      await refused(() => h.request('POST', '/v1/accounts', { token: ADMIN_TOKEN, body: { name } }), 400, 'REQUEST.INVALID_STRING');
    }
  });

  it('answers 401 before looking at the strings of an unauthenticated request', async () => {
    await refused(() => submit({ ...job, model: 'x\u0000' }, 'cxk_not-a-key'), 401, 'AUTH.INVALID_API_KEY');
    await refused(() => h.request('GET', '/v1/jobs/%ED%A0%80'), 401, 'AUTH.MISSING_API_KEY');
    await refused(() => h.request('GET', '/v1/nodes/%00'), 401, 'AUTH.MISSING_API_KEY');
  });

  it.each([
    ['GET', '/v1/jobs/a%00b', 'JOB.NOT_FOUND'],
    ['GET', '/v1/jobs/%ED%A0%80', 'JOB.NOT_FOUND'],
    ['GET', '/v1/jobs/%ED%A0%80/result', 'JOB.NOT_FOUND'],
    ['GET', '/v1/jobs/%00/events', 'JOB.NOT_FOUND'],
    ['POST', '/v1/jobs/%00/cancel', 'JOB.NOT_FOUND'],
    ['GET', '/v1/nodes/%00', 'NODE.NOT_FOUND'],
    ['GET', `/v1/nodes/${'N'.repeat(300)}`, 'NODE.NOT_FOUND'],
    ['GET', '/v1/nodes/%ED%B0%80', 'NODE.NOT_FOUND'],
    ['GET', '/v1/nodes/A/assignments/f%00', 'ASSIGNMENT.NOT_FOUND'],
  ])('answers %s %s with 404 %s: no resource has such an id', async (method, path, code) => {
    await refused(() => h.request(method, path, { token: alice.apiKey }), 404, code);
  });

  it('refuses NUL bytes in query strings', async () => {
    const res = await refused(() => upload('name=a%00b', 'a\n1\n'), 400, 'REQUEST.INVALID_STRING');
    expect(res.body.details).toEqual({ location: 'query.name', fault: 'nul' });
    await refused(() => h.request('GET', '/v1/jobs?cursor=%00', { token: alice.apiKey }), 400, 'REQUEST.INVALID_STRING');
  });

  it.each([
    ['a NUL in a CSV column name', 'name=d', 'a\u0000,b\n1,2\n', 'text/csv', 'body.columns[0]'],
    ['a NUL in a CSV class name', 'name=d&label=y', 'a,y\n1,cat\u0000\n', 'text/csv', 'body.rows[0][1]'],
    ['a NUL in a CSV cell', 'name=d', 'a,b\n1,2\u0000\n', 'text/csv', 'body.rows[0][1]'],
    ['a lone surrogate in a JSON dataset key', 'name=d', `[{"a\\ud800": 1}]`, 'application/json', 'body.columns[0]'],
    ['a lone surrogate in a JSON class name', 'name=d&label=y', `[{"a": 1, "y": "\\udc00"}]`, 'application/json', 'body.rows[0][1]'],
    ['a column name longer than a dataset can store', 'name=d', `${'c'.repeat(101)}\n1\n`, 'text/csv', 'body.columns[0]'],
  ])('refuses a dataset with %s with 400 REQUEST.INVALID_STRING', async (_what, query, body, type, location) => {
    const res = await refused(() => upload(query, body, type), 400, 'REQUEST.INVALID_STRING');
    expect(res.body.details.location).toBe(location);
  });

  it('still takes unicode that Postgres and NATS can hold', async () => {
    // Past the edge's string checks, such keys reach the params check, which names them intact (params are strict).
    const res = await submit({ ...job, params: { 'naïve 名前': 'emoji 🧪 ok', '../x': "'; DROP TABLE jobs; --" } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('JOB.PARAMS_INVALID');
    expect(res.body.details.errors.map((e: { field: string }) => e.field).sort()).toEqual(['params.../x', 'params.naïve 名前']);
    const dataset = await upload('name=caf%C3%A9', 'größe,名前\n1,2\n');
    expect(dataset.status).toBe(201);
    expect(dataset.body.features).toEqual(['größe', '名前']);
  });
});
