import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rewards, epochs, claim batches and payout addresses: the read side of the settlement (docs/settlement.md). */
export class Settlement1764800000000 implements MigrationInterface {
  name = 'Settlement1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE marketplace.fragment_rewards (
      fragment_id text PRIMARY KEY, job_id text NOT NULL, account_id text NOT NULL, node_id text NOT NULL, lease_id text NOT NULL,
      result_hash text NOT NULL, epoch int NOT NULL, base_price numeric(78, 0) NOT NULL, boost_bps int NOT NULL, reputation_bps int NOT NULL,
      amount numeric(78, 0) NOT NULL, budget numeric(78, 0) NOT NULL, fragment_rows int NOT NULL, job_rows int NOT NULL, steps int NOT NULL,
      completed_at timestamptz NOT NULL, version bigint NOT NULL)`);
    await q.query(`CREATE INDEX fragment_rewards_job ON marketplace.fragment_rewards (job_id, fragment_id)`);
    await q.query(`CREATE INDEX fragment_rewards_node ON marketplace.fragment_rewards (node_id)`);
    await q.query(`CREATE INDEX fragment_rewards_epoch ON marketplace.fragment_rewards (epoch)`);
    await q.query(`CREATE TABLE marketplace.settlement_epochs (
      epoch int PRIMARY KEY, reward_root text NOT NULL, poc_root text NOT NULL, total_cumulative text NOT NULL, records int NOT NULL,
      leaves int NOT NULL, closed_at timestamptz NOT NULL, settled boolean NOT NULL, tx_hashes jsonb, version bigint NOT NULL)`);
    await q.query(`CREATE TABLE marketplace.epoch_claims (
      id text PRIMARY KEY, epoch int NOT NULL, batch int NOT NULL, tx_hash text NOT NULL, payments jsonb NOT NULL, version bigint NOT NULL)`);
    await q.query(`CREATE TABLE marketplace.node_payouts (node_id text PRIMARY KEY, payout text NOT NULL, tx_hash text NOT NULL, version bigint NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE marketplace.node_payouts, marketplace.epoch_claims, marketplace.settlement_epochs, marketplace.fragment_rewards`);
  }
}
