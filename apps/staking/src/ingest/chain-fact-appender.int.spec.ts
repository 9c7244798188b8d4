import { nanos } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import { openDataSource } from '@corex/projections';
import type { EventLog } from '@corex/eventstore';
import { createTestDatabase, disposeTestLog, openTestLog } from '../../../../test/support/infra';
import { stakingMigrations } from '../infrastructure/migrations';
import { ChainFactAppender } from './chain-fact-appender';
import type { ChainFact } from './chain-facts';

const NODE_KEY = `0x${'ab'.repeat(32)}`;
const fact = (i: number): ChainFact => ({
  subject: `stake.${NODE_KEY}`,
  event: {
    id: `chain:31337:0x${i.toString(16).padStart(64, '0')}:0`,
    type: 'corex.payout.bound.v1',
    data: { nodeKey: NODE_KEY, payout: `0x${String(i).padStart(40, '0')}`, proofHash: `0x${'cd'.repeat(32)}`, block: i, txHash: `0x${i.toString(16).padStart(64, '0')}` },
  },
});

describe('ChainFactAppender: exactly once across a crash between the append and the checkpoint commit', () => {
  let log: EventLog;
  let db: { url: string; drop: () => Promise<void> };
  let ds: DataSource;

  beforeAll(async () => {
    log = await openTestLog('test', 'appender');
    // A short duplicate window, so the replay below comes after it, as after a long outage.
    const info = await log.jsm.streams.info(log.store.names.stream);
    await log.jsm.streams.update(log.store.names.stream, { ...info.config, duplicate_window: nanos(200) });
    db = await createTestDatabase();
    ds = await openDataSource({ url: db.url, migrations: stakingMigrations, migrationsTableName: 'staking_migrations' });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
    await disposeTestLog(log);
  });

  /** Resolves once a message id stored now is no longer deduplicated: the window has passed. */
  async function windowPassed(): Promise<void> {
    const probe = `probe-${Date.now()}`;
    await log.js.publish(log.store.subjectOf('security.probe'), '{}', { msgID: probe });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const ack = await log.js.publish(log.store.subjectOf('security.probe'), '{}', { msgID: probe });
      if (!ack.duplicate) return;
      if (Date.now() > deadline) throw new Error('the duplicate window never passed');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('a restarted appender finds the facts a crashed one appended but never recorded, and appends only the rest', async () => {
    const crashed = new ChainFactAppender(log);
    await expect(
      ds.transaction(async (em) => {
        await crashed.append([fact(1), fact(2)], em);
        throw new Error('crash before the checkpoint commits');
      }),
    ).rejects.toThrow('crash');
    expect((await log.store.read(`stake.${NODE_KEY}`)).events).toHaveLength(2);
    expect(await ds.query(`SELECT event_id FROM staking.appended`)).toEqual([]);
    await windowPassed();

    const restarted = new ChainFactAppender(log);
    await ds.transaction((em) => restarted.append([fact(1), fact(2), fact(3)], em));
    const ids = (await log.store.read(`stake.${NODE_KEY}`)).events.map((e) => e.event.id);
    expect(ids).toEqual([fact(1), fact(2), fact(3)].map((f) => f.event.id));
    expect((await ds.query(`SELECT event_id FROM staking.appended ORDER BY event_id`)).map((r: { event_id: string }) => r.event_id)).toEqual(ids);

    // Recorded ones are skipped by the table alone from then on.
    await windowPassed();
    await ds.transaction((em) => restarted.append([fact(3)], em));
    expect((await log.store.read(`stake.${NODE_KEY}`)).events).toHaveLength(3);
  });
});
