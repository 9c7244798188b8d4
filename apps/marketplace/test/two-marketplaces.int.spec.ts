import { createTestDatabase, NATS_URL, uniqueNames } from '../../../test/support/infra';
import { marketplaceConfigSchema } from '../src/config';
import { startMarketplace, type RunningMarketplace } from '../src/start';
import { ADMIN_TOKEN, testCatalog } from './marketplace-harness';

async function call(api: RunningMarketplace, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

describe('two marketplace processes on one log and database (a rolling deploy)', () => {
  const names = uniqueNames('mkt2');
  let db: { url: string; drop: () => Promise<void> };
  const running: RunningMarketplace[] = [];

  async function start(): Promise<RunningMarketplace> {
    const config = marketplaceConfigSchema.parse({
      PORT: '0', HOST: '127.0.0.1', NATS_URL, DATABASE_URL: db.url, COREX_STREAM: names.stream, COREX_SUBJECT_PREFIX: names.prefix,
      COREX_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'silent',
    });
    const api = await startMarketplace(config, { catalog: testCatalog });
    running.push(api);
    return api;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    for (const api of running) await api.close().catch(() => undefined);
    await db.drop();
  });

  it('applies each projection in one of them, serves read-your-writes from both, and the survivor takes over', async () => {
    const first = await start();
    const second = await start();
    const role = (api: RunningMarketplace) => api.projectors.get('marketplace.accounts').status().role;
    const standby = role(first) === 'active' ? second : first;
    const active = standby === first ? second : first;
    expect([role(active), role(standby)]).toEqual(['active', 'standby']);

    // Account creation waits for the accounts projection: in the standby it learns of it from the active's batch.
    const created = await call(standby, 'POST', '/v1/accounts', ADMIN_TOKEN, { name: 'through the standby' });
    expect(created.status).toBe(201);
    expect((await call(standby, 'GET', '/v1/catalog', created.body.apiKey)).status).toBe(200);
    expect((await call(active, 'GET', '/v1/catalog', created.body.apiKey)).status).toBe(200);

    await active.close();
    running.splice(running.indexOf(active), 1);
    const after = await call(standby, 'POST', '/v1/accounts', ADMIN_TOKEN, { name: 'after the take-over' });
    expect(after.status).toBe(201);
    expect(role(standby)).toBe('active');
    expect((await call(standby, 'GET', '/v1/catalog', after.body.apiKey)).status).toBe(200);
  });
});
