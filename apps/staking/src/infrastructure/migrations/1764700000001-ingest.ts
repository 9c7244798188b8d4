import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Schema `staking`, chain ingest: `id_keys` maps the bytes32 keys of the contracts back to the
 * node and account ids they hash from; `appended` holds the ids of chain events already in the
 * log (written in the follower's checkpoint transaction), so a replay later than the stream's
 * duplicate window is still skipped.
 */
export class StakingIngest1764700000001 implements MigrationInterface {
  name = 'StakingIngest1764700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS staking`);
    await q.query(`CREATE TABLE staking.id_keys (key text PRIMARY KEY, kind text NOT NULL, id text NOT NULL)`);
    await q.query(`CREATE TABLE staking.appended (event_id text PRIMARY KEY, subject text NOT NULL, seq bigint NOT NULL, appended_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staking.appended`);
    await q.query(`DROP TABLE staking.id_keys`);
  }
}
