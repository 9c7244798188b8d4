import { subjects } from '@corex/events';
import { ADMIN_TOKEN, startHarness, testCatalog, type Harness } from './marketplace-harness';

describe('marketplace operations endpoints', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('reports NATS and Postgres health', async () => {
    const res = await h.request('GET', '/health');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok', nats: 'ok', postgres: 'ok' } });
  });

  it('serves an OpenAPI 3 document and its UI', async () => {
    const doc = await h.request('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/jobs',
        '/v1/jobs/{id}',
        '/v1/accounts',
        '/v1/catalog',
        '/v1/datasets',
        '/v1/models',
        '/v1/jobs/{id}/events',
        '/v1/jobs/{id}/result',
        '/v1/jobs/{id}/cancel',
        '/v1/nodes/{nodeId}/assignments/{fragmentId}',
      ]),
    );
    expect(doc.body.components.schemas.JobResultDocument.oneOf ?? doc.body.components.schemas.JobResultDocument.anyOf).toHaveLength(4);
    expect(doc.body.components.schemas.SubmitJobRequest.additionalProperties).toBe(false);
    const ui = await h.request('GET', '/docs');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toMatch(/swagger/i);
  });

  it('exposes Prometheus metrics that count requests by route', async () => {
    await h.request('GET', '/v1/jobs');
    const res = await h.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/corex_http_requests_total\{method="GET",route="\/v1\/jobs",status="401"\} [1-9]/);
    expect(res.body).toMatch(/corex_projection_position\{projection="marketplace.jobs"\}/);
  });

  it('exposes the metrics every service shares: its dependencies up, and its projections\' lag behind the log', async () => {
    const { body } = await h.request('GET', '/metrics');
    expect(body).toMatch(/^corex_dependency_up\{dependency="nats"\} 1$/m);
    expect(body).toMatch(/^corex_dependency_up\{dependency="postgres"\} 1$/m);
    expect(body).toMatch(/^corex_projection_lag_events\{projection="marketplace.jobs"\} \d+$/m);
  });

  it('takes a request\'s X-Request-Id, or one it makes, as the correlation id of the events the request appends', async () => {
    const given = await h.request('POST', '/v1/accounts', { token: ADMIN_TOKEN, body: { name: 'traced' }, headers: { 'x-request-id': 'req-trace-1' } });
    expect(given.status).toBe(201);
    expect(given.headers.get('x-request-id')).toBe('req-trace-1');
    const made = await h.request('POST', '/v1/accounts', { token: ADMIN_TOKEN, body: { name: 'untraced' }, headers: { 'x-request-id': 'not a token!' } });
    const madeId = made.headers.get('x-request-id')!;
    expect(madeId).toMatch(/^[0-9a-f-]{36}$/);
    for (const [account, id] of [[given.body, 'req-trace-1'], [made.body, madeId]] as const) {
      const { events } = await h.log.store.read(subjects.account(account.id));
      expect(events.map((e) => [e.event.correlationid, e.event.causationid])).toEqual([[id, id]]);
    }
  });

  it('lists the catalog to an authenticated caller', async () => {
    const { apiKey } = await h.createAccount();
    const res = await h.request('GET', '/v1/catalog', { token: apiKey });
    expect(res.status).toBe(200);
    expect(res.body.models.map((m: { id: string }) => m.id)).toEqual(testCatalog.models.map((m) => m.id));
    expect(res.body.datasets[0].id).toBe('penguins');
  });
});
