import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Schema `bridge`: the Solana escrow scan's cursor (the newest signature taken in), one row per scan. */
export class BridgeSolanaCursor1764900000001 implements MigrationInterface {
  name = 'BridgeSolanaCursor1764900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS bridge`);
    await q.query(`CREATE TABLE bridge.scan_cursors (name text PRIMARY KEY, cursor text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bridge.scan_cursors`);
  }
}
