import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trust read models (issue 12): a job's verification policy, each fragment's (and replica's)
 * verdict, each node's reputation, tier and standing, and its violations with their slashes.
 */
export class TrustViews1764900010000 implements MigrationInterface {
  name = 'TrustViews1764900010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE marketplace.jobs ADD COLUMN verification jsonb`);
    await q.query(`CREATE TABLE marketplace.fragment_verifications (
      fragment_id text PRIMARY KEY, job_id text NOT NULL, replica_of text, node_id text, lease_id text,
      outcome text NOT NULL, method text, checks jsonb NOT NULL, cost_flops double precision NOT NULL, cost_ms double precision NOT NULL,
      frauds int NOT NULL, rejections int NOT NULL, escalations int NOT NULL, updated_at text NOT NULL, version bigint NOT NULL)`);
    await q.query(`CREATE INDEX fragment_verifications_job ON marketplace.fragment_verifications (job_id, fragment_id)`);
    await q.query(`CREATE TABLE marketplace.node_reputation (
      node_id text PRIMARY KEY, score double precision, components jsonb, indicators jsonb, scored_at text,
      tier text, tier_changed_at text, suspended_until text, suspension_reason text, evicted_at text, eviction_reason text,
      version bigint NOT NULL)`);
    await q.query(`CREATE TABLE marketplace.node_violations (
      evidence_hash text PRIMARY KEY, fraud_id text, node_id text, kind text, detected_at text, job_id text, fragment_id text,
      evidence jsonb, slash_tx text, slash_amount numeric(78, 0), slash_block bigint, version bigint NOT NULL)`);
    await q.query(`CREATE INDEX node_violations_node ON marketplace.node_violations (node_id, detected_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE marketplace.node_violations`);
    await q.query(`DROP TABLE marketplace.node_reputation`);
    await q.query(`DROP TABLE marketplace.fragment_verifications`);
    await q.query(`ALTER TABLE marketplace.jobs DROP COLUMN verification`);
  }
}
