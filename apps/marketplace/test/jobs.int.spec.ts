import fc from 'fast-check';
import { subjects } from '@corex/events';
import { ADMIN_TOKEN, startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';

const validJob = { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5', priority: 'normal' };

describe('marketplace jobs API', () => {
  let h: Harness;
  let alice: { id: string; apiKey: string };
  let bob: { id: string; apiKey: string };

  beforeAll(async () => {
    h = await startHarness();
    alice = await h.createAccount('alice');
    bob = await h.createAccount('bob');
  });
  afterAll(async () => h.close());

  it('answers 401 problem+json without a key, with a wrong key, and for accounts without the admin token', async () => {
    expectProblem(await h.request('GET', '/v1/jobs'), 401, 'AUTH.MISSING_API_KEY');
    expectProblem(await h.request('GET', '/v1/jobs', { token: 'cxk_not-a-key' }), 401, 'AUTH.INVALID_API_KEY');
    expectProblem(await h.request('POST', '/v1/jobs', { body: validJob }), 401, 'AUTH.MISSING_API_KEY');
    expectProblem(await h.request('POST', '/v1/accounts', { token: alice.apiKey, body: { name: 'x' } }), 401, 'AUTH.INVALID_ADMIN_TOKEN');
  });

  it('accepts a job with 202, appends JobSubmitted and serves it back', async () => {
    const before = await h.eventCount();
    const res = await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: validJob });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), status: 'submitted', verification: { policy: { mode: 'adaptive' }, quote: expect.objectContaining({ extraCost: '1.5' }) } });
    expect(res.headers.get('location')).toBe(`/v1/jobs/${res.body.id}`);
    expect(await h.eventCount()).toBe(before + 1);
    const stored = await h.log.store.read(subjects.job(res.body.id));
    expect(stored.events.map((e) => e.event.type)).toEqual(['corex.job.submitted.v1']);
    expect(stored.events[0]!.event.data).toMatchObject({ accountId: alice.id, budget: '5', priority: 'normal' });

    const got = await h.request('GET', `/v1/jobs/${res.body.id}`, { token: alice.apiKey });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: res.body.id, status: 'submitted', type: 'inference', model: 'penguins-mlp', budget: '5' });
  });

  it('returns the same job for a repeated Idempotency-Key and body, storing one event', async () => {
    const headers = { 'idempotency-key': 'order-42' };
    const first = await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: validJob, headers });
    const count = await h.eventCount();
    const again = await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: { ...validJob }, headers });
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await h.eventCount()).toBe(count);
    expect((await h.log.store.read(subjects.job(first.body.id))).events).toHaveLength(1);
  });

  it('refuses a reused Idempotency-Key with another body with 422 and appends nothing', async () => {
    const headers = { 'idempotency-key': 'order-43' };
    await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: validJob, headers });
    const count = await h.eventCount();
    const other = await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: { ...validJob, budget: '6' }, headers });
    expectProblem(other, 422, 'IDEMPOTENCY.KEY_REUSED');
    expect(await h.eventCount()).toBe(count);
  });

  it('keeps Idempotency-Keys per tenant', async () => {
    const headers = { 'idempotency-key': 'shared-key' };
    const a = await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: validJob, headers });
    const b = await h.request('POST', '/v1/jobs', { token: bob.apiKey, body: { ...validJob, budget: '9' }, headers });
    expect(b.status).toBe(202);
    expect(b.body.id).not.toBe(a.body.id);
  });

  it("hides one tenant's jobs from another", async () => {
    const mine = await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: validJob });
    expectProblem(await h.request('GET', `/v1/jobs/${mine.body.id}`, { token: bob.apiKey }), 404, 'JOB.NOT_FOUND');
    const list = await h.request('GET', '/v1/jobs?limit=100', { token: bob.apiKey });
    expect(list.body.items.map((j: { id: string }) => j.id)).not.toContain(mine.body.id);
  });

  it('pages through jobs newest first with an opaque cursor', async () => {
    const carol = await h.createAccount('carol');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await h.request('POST', '/v1/jobs', { token: carol.apiKey, body: validJob })).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await h.request('GET', `/v1/jobs?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: carol.apiKey });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((j: { id: string }) => j.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expectProblem(await h.request('GET', '/v1/jobs?limit=0', { token: carol.apiKey }), 400, 'REQUEST.INVALID_QUERY');
    expectProblem(await h.request('GET', '/v1/jobs?cursor=%%%', { token: carol.apiKey }), 400, 'REQUEST.INVALID_QUERY');
  });

  it('answers 400 problem+json and appends nothing for any invalid job body', async () => {
    const invalidBody = fc.oneof(
      fc.anything().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
      fc.record({ type: fc.string().filter((s) => !['inference', 'training', 'feature-extraction', 'preprocessing'].includes(s)) }).map((o) => ({ ...validJob, ...o })),
      fc.string({ minLength: 1 }).filter((s) => !/^(0|[1-9]\d{0,17})(\.\d{1,18})?$/.test(s)).map((budget) => ({ ...validJob, budget })),
      fc.constantFrom('0', '0.0').map((budget) => ({ ...validJob, budget })),
      fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !(k in validJob) && !['requirements', 'params'].includes(k)).map((k) => ({ ...validJob, [k]: 1 })),
      fc.constantFrom('type', 'model', 'dataset', 'budget').map((k) => Object.fromEntries(Object.entries(validJob).filter(([key]) => key !== k))),
      fc.constantFrom('gpt-9', 'x').map((model) => ({ ...validJob, model })),
      fc.record({ requirements: fc.record({ minMemoryBytes: fc.oneof(fc.integer({ max: -1 }), fc.string()) }) }).map((o) => ({ ...validJob, ...o })),
    );
    const before = await h.eventCount();
    await fc.assert(
      fc.asyncProperty(invalidBody, async (body) => {
        const res = await h.request('POST', '/v1/jobs', { token: alice.apiKey, raw: JSON.stringify(body) ?? 'undefined', headers: { 'content-type': 'application/json' } });
        expectProblem(res, 400);
      }),
      { numRuns: 150 },
    );
    expect(await h.eventCount()).toBe(before);
  });

  it('maps malformed JSON, a wrong media type and an oversized body to problems', async () => {
    const headers = { 'content-type': 'application/json' };
    expectProblem(await h.request('POST', '/v1/jobs', { token: alice.apiKey, raw: '{"type":', headers }), 400, 'REQUEST.MALFORMED_JSON');
    expectProblem(await h.request('POST', '/v1/jobs', { token: alice.apiKey, raw: 'type=inference', headers: { 'content-type': 'text/plain' } }), 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE');
    const huge = { ...validJob, params: { blob: 'x'.repeat(20_000) } };
    expectProblem(await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: huge }), 413, 'REQUEST.TOO_LARGE');
    expectProblem(await h.request('GET', '/v1/nowhere', { token: alice.apiKey }), 404);
  });

  it('refuses an account body with unknown fields', async () => {
    expectProblem(await h.request('POST', '/v1/accounts', { token: ADMIN_TOKEN, body: { name: 'x', admin: true } }), 400, 'REQUEST.INVALID_BODY');
  });
});
