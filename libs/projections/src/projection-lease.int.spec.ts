import { Client } from 'pg';
import { createTestDatabase } from '../../../test/support/infra';
import { ProjectionLease } from './projection-lease';

/**
 * A lease session that dies silently (a NAT drops it, the network partitions) sends no error and
 * no end: here its server process is stopped with SIGSTOP, so it simply never answers again.
 */
describe('projection lease on a connection that stops answering', () => {
  let db: { url: string; drop: () => Promise<void> };
  let admin: Client;
  let stoppedPid: number | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('CREATE SCHEMA lease_test');
    await admin.query('CREATE TABLE lease_test.projection_checkpoints (name text PRIMARY KEY, position bigint NOT NULL DEFAULT 0, updated_at timestamptz NOT NULL DEFAULT now(), stuck jsonb)');
  });
  afterAll(async () => {
    if (stoppedPid) process.kill(stoppedPid, 'SIGCONT');
    await admin.end();
    await db.drop();
  });

  it('is found dead by the holder’s check, which ends it so the holder stops applying', async () => {
    const lease = new ProjectionLease({ connectionString: db.url, application_name: 'lease-silent-test', query_timeout: 300 }, 'lease_test.rows', 'lease_test', () => undefined);
    await lease.connect();
    expect((await lease.tryAcquire()).held).toBe(true);
    const [{ pid }] = (await admin.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'lease-silent-test'`)).rows;
    stoppedPid = Number(pid);
    process.kill(stoppedPid, 'SIGSTOP');
    let lost = false;
    void lease.lost.then(() => (lost = true));
    await lease.checkAlive();
    expect(lost).toBe(true);
    process.kill(stoppedPid, 'SIGCONT');
    stoppedPid = undefined;
  });
});
