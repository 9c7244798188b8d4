import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialMarketplaceSchema1764028800000 implements MigrationInterface {
  name = 'InitialMarketplaceSchema1764028800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS marketplace`);
    await q.query(`CREATE TABLE IF NOT EXISTS marketplace.projection_checkpoints (
      name text PRIMARY KEY, position bigint NOT NULL DEFAULT 0, updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE marketplace.accounts (
      id text PRIMARY KEY, name text NOT NULL, api_key_hash text NOT NULL UNIQUE, api_key_prefix text NOT NULL,
      created_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE marketplace.jobs (
      id text PRIMARY KEY, account_id text NOT NULL, type text NOT NULL, model text NOT NULL, dataset text NOT NULL,
      budget text NOT NULL, priority text NOT NULL, status text NOT NULL, requirements jsonb NOT NULL, params jsonb NOT NULL,
      idempotency_key text, submitted_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
      created_seq bigint NOT NULL, version bigint NOT NULL)`);
    await q.query(`CREATE INDEX jobs_account_created ON marketplace.jobs (account_id, created_seq DESC)`);
    await q.query(`CREATE TABLE marketplace.nodes (
      id text PRIMARY KEY, name text NOT NULL, status text NOT NULL, hardware jsonb NOT NULL, benchmark jsonb,
      runner_version text NOT NULL, registered_at timestamptz NOT NULL, last_benchmark_at timestamptz,
      benchmark_count int NOT NULL, version bigint NOT NULL)`);
    // Kept longer than JetStream's two-minute dedupe window: a retry a day later still finds its job.
    await q.query(`CREATE TABLE marketplace.idempotency_keys (
      account_id text NOT NULL, key text NOT NULL, request_hash text NOT NULL, job_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (account_id, key))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA marketplace CASCADE`);
  }
}
