import { Client } from 'pg';
import { subjects } from '@corex/events';
import { startHarness, type Harness } from './marketplace-harness';
import { work } from './work-events';

const validJob = { type: 'training', model: 'penguins-mlp', dataset: 'penguins', budget: '5' };
/** The projection lease's advisory lock (ProjectionLease): whoever holds it applies the projection. */
const LEASE_CLASS = 0x434f5258;

describe('a submitted job is readable at once, whatever the projection lag', () => {
  let h: Harness;
  let alice: { id: string; apiKey: string };
  let holder: Client;

  beforeAll(async () => {
    h = await startHarness();
    alice = await h.createAccount('alice');
  });
  afterAll(async () => {
    await holder?.end().catch(() => undefined);
    await h.close();
  });

  it('reads 50 jobs submitted while the jobs projection is held back, and the projection agrees once released', async () => {
    const jobs = h.api.projectors.get('marketplace.jobs');
    const heldAt = await h.eventCount();
    await jobs.waitFor(heldAt);
    // The test takes the projection's lease: this marketplace's projector can only stand by.
    await jobs.stop();
    holder = new Client({ connectionString: h.databaseUrl });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1, hashtext($2))', [LEASE_CLASS, 'marketplace.jobs']);
    await jobs.start();
    expect(jobs.status().role).toBe('standby');

    const ids: string[] = [];
    const readAtOnce: unknown[] = [];
    for (let i = 0; i < 50; i++) {
      const submitted = await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: validJob });
      expect(submitted.status).toBe(202);
      const read = await h.request('GET', `/v1/jobs/${submitted.body.id}`, { token: alice.apiKey });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: submitted.body.id, status: 'submitted', progress: { step: 0 } });
      ids.push(submitted.body.id);
      readAtOnce.push(read.body);
    }
    expect(await jobs.position()).toBe(heldAt);
    // The lag is a metric, and in /health: the jobs projection reads every event, so it is 50 events behind.
    expect((await h.request('GET', '/metrics')).body).toMatch(/^corex_projection_lag_events\{projection="marketplace.jobs"\} 50$/m);
    expect((await h.request('GET', '/health')).body.projections['marketplace.jobs']).toMatchObject({ role: 'standby', position: heldAt, lag: 50 });
    const listed = await h.request('GET', '/v1/jobs?limit=50', { token: alice.apiKey });
    expect(listed.body.items.map((j: { id: string }) => j.id)).toEqual([...ids].reverse());
    const rowsWhileHeld = await h.query(`SELECT * FROM marketplace.jobs ORDER BY id`);

    // Work on one of them appended while held: it shows once the projection catches up.
    const last = await h.append(subjects.job(ids[0]!), [work.planned(ids[0]!, [{ id: `${ids[0]}-f1`, rows: 10 }])]);
    await holder.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LEASE_CLASS, 'marketplace.jobs']);
    await h.settle(last);

    expect((await h.request('GET', '/health')).body.projections['marketplace.jobs']).toMatchObject({ role: 'active', position: last, lag: 0 });
    expect((await h.request('GET', '/metrics')).body).toMatch(/^corex_projection_lag_events\{projection="marketplace.jobs"\} 0$/m);

    const rowsAfter = await h.query(`SELECT * FROM marketplace.jobs WHERE id <> $1 ORDER BY id`, [ids[0]]);
    expect(rowsAfter).toEqual(rowsWhileHeld.filter((r) => r.id !== ids[0]));
    for (const [i, id] of ids.entries()) {
      const view = (await h.request('GET', `/v1/jobs/${id}`, { token: alice.apiKey })).body;
      if (i === 0) expect(view).toMatchObject({ status: 'planned', progress: { fragments: { planned: 1 } } });
      else expect(view).toEqual(readAtOnce[i]);
    }
    // A rebuild from the log alone gives the same rows: the submit path wrote nothing the projection would not.
    const live = await h.query(`SELECT * FROM marketplace.jobs ORDER BY id`);
    await jobs.rebuild();
    await jobs.waitFor(last);
    expect(await h.query(`SELECT * FROM marketplace.jobs ORDER BY id`)).toEqual(live);
  });

  it('lists every step the job view shows, although the steps projection is behind when asked', async () => {
    const steps = h.api.projectors.get('marketplace.job_steps');
    const id = (await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: validJob })).body.id as string;
    await steps.stop();
    const seq = await h.append(subjects.job(id), [work.planned(id, [{ id: `${id}-f1`, rows: 10 }], 0, 3), work.step(id, 0, 0.5), work.step(id, 1, 0.6)]);
    await h.settle(seq, ['marketplace.jobs']);
    expect((await h.request('GET', `/v1/jobs/${id}`, { token: alice.apiKey })).body.latestStep).toMatchObject({ step: 1 });
    expect(await h.query(`SELECT step FROM marketplace.job_steps WHERE job_id = $1`, [id])).toEqual([]);

    const page = h.request('GET', `/v1/jobs/${id}/steps`, { token: alice.apiKey });
    await steps.start();
    expect((await page).body.items.map((s: { step: number }) => s.step)).toEqual([0, 1]);
  });
});
