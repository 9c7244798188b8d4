import { randomUUID } from 'node:crypto';
import { AccountCreated, subjects } from '@corex/events';
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
    const id = randomUUID();
    const accountId = `acc-${id.slice(0, 8)}`;
    const envelope = {
      specversion: '1.0', id, source: 'corex/foreign', type: AccountCreated.type, time: new Date().toISOString(),
      subject: subjects.account(accountId), correlationid: id, causationid: id, datacontenttype: 'application/json',
      data: { accountId, name: 'nul\u0000name', apiKeyHash: 'b'.repeat(64), apiKeyPrefix: 'cx_', createdAt: new Date().toISOString() },
    };
    const { seq } = await h.log.js.publish(h.log.store.subjectOf(envelope.subject), JSON.stringify(envelope));

    let health = await h.request('GET', '/health');
    for (let tries = 0; health.body.status !== 'degraded' && tries < 200; tries++) {
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
    expect(health.body.projections['marketplace.jobs'].stuck).toBeUndefined();

    const before = await h.request('GET', '/metrics');
    expect(metric(before.body, 'corex_projection_stuck', 'marketplace.accounts')).toBe(1);
    expect(metric(before.body, 'corex_projection_stuck_seq', 'marketplace.accounts')).toBe(seq);
    expect(metric(before.body, 'corex_projection_stuck', 'marketplace.jobs')).toBe(0);

    // Attempts counted over a two-second window: 250 ms doubling to a 30 s cap allows a handful.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = await h.request('GET', '/metrics');
    const attempts =
      metric(after.body, 'corex_projection_failures_total', 'marketplace.accounts') -
      metric(before.body, 'corex_projection_failures_total', 'marketplace.accounts');
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(4);

    // Every other route still answers.
    expect((await h.request('GET', '/v1/catalog', { token: apiKey })).status).toBe(200);
    expect((await h.request('GET', '/v1/jobs', { token: apiKey })).status).toBe(200);
    expect((await h.request('GET', '/openapi.json')).status).toBe(200);
  });
});
