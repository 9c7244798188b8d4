import { openDataSource } from '@corex/projections';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/infra';
import { SettlementLock } from './settlement-lock';

describe('settlement lock: one writer per prefix (Postgres advisory lock)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let a: DataSource;
  let b: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await openDataSource({ url: db.url, migrations: [], migrationsTableName: 'lock_a_migrations' });
    b = await openDataSource({ url: db.url, migrations: [], migrationsTableName: 'lock_b_migrations' });
  });
  afterAll(async () => {
    await a.destroy();
    await b.destroy();
    await db.drop();
  });

  it('refuses a second holder until the first releases or its connection dies; other prefixes are independent', async () => {
    const first = await SettlementLock.tryAcquire(a, 'corex-settlement:p1');
    expect(first).not.toBeNull();
    expect(await SettlementLock.tryAcquire(b, 'corex-settlement:p1')).toBeNull();
    const other = await SettlementLock.tryAcquire(b, 'corex-settlement:p2');
    expect(other).not.toBeNull();
    await first!.release();
    const second = await SettlementLock.tryAcquire(b, 'corex-settlement:p1');
    expect(second).not.toBeNull();

    // A holder whose process dies loses its connection, and the lock with it.
    await a.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = (hashtext('corex-settlement:p1')::bigint & 4294967295) AND pid <> pg_backend_pid()`);
    let third: SettlementLock | null = null;
    const deadline = Date.now() + 10_000;
    while (!(third = await SettlementLock.tryAcquire(a, 'corex-settlement:p1')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(third).not.toBeNull();
    await third!.release();
    await other!.release();
    await second!.release();
  });
});
