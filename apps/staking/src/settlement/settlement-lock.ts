import type { DataSource, QueryRunner } from 'typeorm';

/**
 * The single-writer guard of the settlement: a session-level Postgres advisory lock held on a
 * dedicated connection. A crashed holder's connection closes and the lock goes with it, so a
 * restarted or standby instance takes over without waiting out a lease.
 */
export class SettlementLock {
  private constructor(private readonly runner: QueryRunner, private readonly key: string) {}

  /** Tries once; null when another instance holds it. */
  static async tryAcquire(ds: DataSource, key: string): Promise<SettlementLock | null> {
    const runner = ds.createQueryRunner();
    try {
      await runner.connect();
      const [row] = (await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key])) as Array<{ locked: boolean }>;
      if (row?.locked) return new SettlementLock(runner, key);
    } catch (err) {
      await runner.release().catch(() => undefined);
      throw err;
    }
    await runner.release();
    return null;
  }

  async release(): Promise<void> {
    await this.runner.query('SELECT pg_advisory_unlock(hashtext($1))', [this.key]).catch(() => undefined);
    await this.runner.release().catch(() => undefined); // a dead connection took the lock with it
  }
}
