import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The node operator's dashboard (issue 15): each node's leases with verdict and reward, its
 * reputation over time, payout routes and bridged rewards; and sign-in state: challenges and
 * sessions (only a session token's sha256 is kept). Sign-in state is not in the event log: it is
 * short-lived and secret, and losing it only means signing in again.
 */
export class OperatorViews1765100000000 implements MigrationInterface {
  name = 'OperatorViews1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE marketplace.node_leases (
      key text PRIMARY KEY, node_id text NOT NULL, lease_id text NOT NULL, fragment_id text NOT NULL, job_id text NOT NULL, attempt int NOT NULL,
      assigned_at text NOT NULL, lease_expires_at text NOT NULL, assigned_seq bigint NOT NULL, state text NOT NULL, ended_at text, result_hash text,
      error jsonb, verdict text, method text, checks jsonb NOT NULL, verdict_reason text, fraud jsonb,
      reward_amount numeric(78, 0), reward_epoch int, decided jsonb NOT NULL, version bigint NOT NULL)`);
    await q.query(`CREATE INDEX node_leases_node_seq ON marketplace.node_leases (node_id, assigned_seq DESC)`);
    await q.query(`CREATE INDEX node_leases_active ON marketplace.node_leases (node_id) WHERE state = 'active'`);
    await q.query(`CREATE TABLE marketplace.node_reputation_history (
      event_id text PRIMARY KEY, node_id text NOT NULL, kind text NOT NULL, score double precision, tier text, reason text,
      at text NOT NULL, seq bigint NOT NULL, version bigint NOT NULL)`);
    await q.query(`CREATE INDEX node_reputation_history_node ON marketplace.node_reputation_history (node_id, seq)`);
    await q.query(`CREATE TABLE marketplace.payout_routes (
      node_id text PRIMARY KEY, target_chain text NOT NULL, recipient text NOT NULL, chosen_at text NOT NULL, version bigint NOT NULL)`);
    await q.query(`CREATE TABLE marketplace.reward_transfers (
      transfer_id text PRIMARY KEY, node_id text NOT NULL, epoch int NOT NULL, target_chain text NOT NULL, recipient text NOT NULL,
      amount numeric(78, 0) NOT NULL, status text NOT NULL, publish_tx text, sequence text, delivery_tx text, hold_reason text, release_at text,
      updated_at text NOT NULL, version bigint NOT NULL)`);
    await q.query(`CREATE INDEX reward_transfers_node ON marketplace.reward_transfers (node_id, epoch)`);
    await q.query(`CREATE TABLE marketplace.operator_challenges (
      challenge text PRIMARY KEY, node_id text NOT NULL, expires_at timestamptz NOT NULL, created_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX operator_challenges_node ON marketplace.operator_challenges (node_id, expires_at)`);
    await q.query(`CREATE TABLE marketplace.operator_sessions (
      token_hash text PRIMARY KEY, node_id text NOT NULL, expires_at timestamptz NOT NULL, created_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX operator_sessions_expiry ON marketplace.operator_sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['operator_sessions', 'operator_challenges', 'reward_transfers', 'payout_routes', 'node_reputation_history', 'node_leases']) {
      await q.query(`DROP TABLE marketplace.${table}`);
    }
  }
}
