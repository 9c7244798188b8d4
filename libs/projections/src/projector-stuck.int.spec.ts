import type { DataSource } from 'typeorm';
import { AccountCreated, subjects, type AccountCreatedData, type EventEnvelope } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { createTestDatabase, disposeTestLog, openTestLog } from '../../../test/support/infra';
import { appendRawAccount } from '../../../test/support/raw-event';
import { openDataSource, Projector, type ProjectionDefinition } from './index';

interface Named {
  id: string;
  name: string;
}

/** Names by account; `refuse` makes evolve throw for one account id (a bug in evolve). */
function names(refuse: { id?: string } = {}): ProjectionDefinition<Named> {
  return {
    name: 'test.names',
    table: 'proj_stuck.names',
    key: 'id',
    filter: 'account.*',
    handles: [AccountCreated.type],
    keyOf: (e: EventEnvelope) => (e.data as AccountCreatedData).accountId,
    evolve: (_row, e) => {
      const d = e.data as AccountCreatedData;
      if (d.accountId === refuse.id) throw new Error(`evolve cannot handle ${d.accountId}`);
      return { id: d.accountId, name: d.name };
    },
  };
}

/** Resolves when the projector reports itself stuck at `seq` after at least `attempts` failures (its status changes after each). */
async function stuckAt(projector: Projector<Named>, seq: number, attempts = 1): Promise<void> {
  const reached = () => projector.status().stuck?.seq === seq && projector.status().stuck!.attempts >= attempts;
  while (!reached()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('projector that cannot apply an event', () => {
  let log: EventLog;
  let ds: DataSource;
  let db: { url: string; drop: () => Promise<void> };
  const rows = (): Promise<Named[]> => ds.query(`SELECT id, name FROM proj_stuck.names ORDER BY id`);

  beforeEach(async () => {
    db = await createTestDatabase();
    ds = await openDataSource({ url: db.url });
    await ds.query(`CREATE SCHEMA proj_stuck; CREATE TABLE proj_stuck.names (id text PRIMARY KEY, name varchar(16) NOT NULL)`);
    log = await openTestLog('test', 'stuck');
  });

  afterEach(async () => {
    await disposeTestLog(log);
    await ds.destroy();
    await db.drop();
  });

  it('keeps the events before a value Postgres refuses, reports that event and retries at a bounded rate', async () => {
    const projector = new Projector(ds, log, names(), { maxBatch: 50, retryDelayMs: 100, maxRetryDelayMs: 400 });
    await appendRawAccount(log, 'a1', 'first');
    const poison = await appendRawAccount(log, 'a2', 'nul\u0000byte');
    const after = await appendRawAccount(log, 'a3', 'after');
    await projector.start();
    // The retries back off: 100, 200, then 400 ms (the cap) apart, where a loop without backoff makes hundreds.
    await stuckAt(projector, poison, 3);
    const status = projector.status();
    // A read-your-writes wait past it says where the projector is and why.
    await expect(projector.waitFor(after, 50)).rejects.toThrow(
      new RegExp(`^test\\.names: position ${after} not reached within 50 ms \\(at ${poison - 1}\\); active, last batch ${poison}\\.\\.${after} failed \\(handed over \\d+ ms ago\\), pool \\d+ connections \\(\\d+ idle, 0 waiting\\), stuck at ${poison} after \\d+ attempts: .*0x00`),
    );

    // A standby process reports where the active one is stuck, from the checkpoint table.
    const standbySource = await openDataSource({ url: db.url });
    const standby = new Projector(standbySource, log, names(), { takeoverPollMs: 20 });
    await standby.start();
    await stuckAt(standby, poison);
    expect(standby.status()).toMatchObject({ role: 'standby', failures: 0, stuck: { seq: poison, eventType: AccountCreated.type } });
    await standby.stop();
    await standbySource.destroy();
    await projector.stop();

    expect(status.stuck!.retryInMs).toBe(400);
    expect(status).toMatchObject({ role: 'active', position: poison - 1, stuck: { seq: poison, eventType: AccountCreated.type } });
    expect(status.stuck!.error).toMatch(/0x00/);
    expect(await rows()).toEqual([{ id: 'a1', name: 'first' }]);
    expect(await projector.position()).toBeLessThan(after);
  });

  it('goes on by itself once a migration lets Postgres take the value', async () => {
    const projector = new Projector(ds, log, names(), { retryDelayMs: 20, maxRetryDelayMs: 50 });
    const long = await appendRawAccount(log, 'b1', 'a name longer than sixteen characters');
    const last = await appendRawAccount(log, 'b2', 'short');
    await projector.start();
    await stuckAt(projector, long);
    await ds.query(`ALTER TABLE proj_stuck.names ALTER COLUMN name TYPE text`);
    await projector.waitFor(last);
    expect(projector.status().stuck).toBeUndefined();
    await projector.stop();
    expect((await rows()).map((r) => r.id)).toEqual(['b1', 'b2']);
  });

  it('names the event an evolve throws on, and goes on once evolve is fixed', async () => {
    const refuse = { id: 'c2' as string | undefined };
    const projector = new Projector(ds, log, names(refuse), { maxBatch: 50, retryDelayMs: 20, maxRetryDelayMs: 50 });
    await appendRawAccount(log, 'c1', 'one');
    const bad = await appendRawAccount(log, 'c2', 'two');
    const last = await appendRawAccount(log, 'c3', 'three');
    await projector.start();
    await stuckAt(projector, bad);
    expect(projector.status().stuck!.error).toMatch(/evolve cannot handle c2/);
    expect(await rows()).toEqual([{ id: 'c1', name: 'one' }]);
    refuse.id = undefined;
    await projector.waitFor(last);
    await projector.stop();
    expect((await rows()).map((r) => r.id)).toEqual(['c1', 'c2', 'c3']);
  });
  it('reports a message that does not decode as an event, after applying those before it', async () => {
    const projector = new Projector(ds, log, names(), { retryDelayMs: 20, maxRetryDelayMs: 50 });
    await appendRawAccount(log, 'd1', 'one');
    const { seq } = await log.js.publish(log.store.subjectOf(subjects.account('d2')), JSON.stringify({ type: 'corex.account.renamed.v7', data: {} }));
    await projector.start();
    await stuckAt(projector, seq);
    expect(projector.status().stuck).toMatchObject({ eventType: 'corex.account.renamed.v7', error: expect.stringMatching(/unknown event type/) });
    await projector.stop();
    expect(await rows()).toEqual([{ id: 'd1', name: 'one' }]);
  });
});
