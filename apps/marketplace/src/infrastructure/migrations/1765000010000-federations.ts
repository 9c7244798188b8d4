import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Members of each federation (projection of PrivateDatasetRegistered/Withdrawn): schema and row count, never the data. */
export class Federations1765000010000 implements MigrationInterface {
  name = 'Federations1765000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE marketplace.federation_members (
      member_key text PRIMARY KEY, federation text NOT NULL, node_id text NOT NULL, rows int NOT NULL,
      feature_names jsonb NOT NULL, class_names jsonb NOT NULL, schema_hash text NOT NULL,
      registered_at timestamptz NOT NULL, version bigint NOT NULL)`);
    await q.query(`CREATE INDEX federation_members_federation ON marketplace.federation_members (federation)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE marketplace.federation_members`);
  }
}
