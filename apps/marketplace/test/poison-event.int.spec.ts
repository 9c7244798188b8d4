import { randomUUID } from 'node:crypto';
import { AccountCreated } from '@corex/events';
import { appendRawAccount } from '../../../test/support/raw-event';
import { startHarness, type Harness } from './marketplace-harness';

/** A metric's value in a Prometheus text scrape. */
function metric(scrape: string, name: string, projection: string): number {
  const line = scrape.split('\n').find((l) => l.startsWith(`${name}{projection="${projection}"}`));
  if (!line) throw new Error(`no ${name} for ${projection}`);
  return Number(line.split(' ').at(-1));
}

describe('marketplace with an event its projection cannot store', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('reports the stuck event in /health and /metrics, retries at a bounded rate and keeps serving', async () => {
    const { apiKey } = await h.createAccount('before');

    // Published straight onto the stream, past the catalog, which would refuse the NUL byte.
    const seq = await appendRawAccount(h.log, `acc-${randomUUID().slice(0, 8)}`, 'nul\u0000name');

    // Until it has failed three times: the retries back off, 250 then 500 ms, then 1 s apart.
    let health = await h.request('GET', '/health');
    const attempts = () => health.body.projections?.['marketplace.accounts']?.stuck?.attempts ?? 0;
    for (let tries = 0; attempts() < 3 && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      health = await h.request('GET', '/health');
    }
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'degraded',
      nats: 'ok',
      postgres: 'ok',
      projections: { 'marketplace.accounts': { role: 'active', stuck: { seq, eventType: AccountCreated.type } } },
    });
    expect(health.body.projections['marketplace.accounts'].stuck.error).toMatch(/0x00/);
    expect(health.body.projections['marketplace.accounts'].stuck.retryInMs).toBe(250 * 2 ** (attempts() - 1));
    expect(health.body.projections['marketplace.jobs'].stuck).toBeUndefined();

    const before = await h.request('GET', '/metrics');
    expect(metric(before.body, 'corex_projection_stuck', 'marketplace.accounts')).toBe(1);
    expect(metric(before.body, 'corex_projection_stuck_seq', 'marketplace.accounts')).toBe(seq);
    expect(metric(before.body, 'corex_projection_stuck', 'marketplace.jobs')).toBe(0);

    expect(metric(before.body, 'corex_projection_failures_total', 'marketplace.accounts')).toBeGreaterThanOrEqual(3);

    // Every other route still answers.
    expect((await h.request('GET', '/v1/catalog', { token: apiKey })).status).toBe(200);
    expect((await h.request('GET', '/v1/jobs', { token: apiKey })).status).toBe(200);
    expect((await h.request('GET', '/openapi.json')).status).toBe(200);
  });
});
