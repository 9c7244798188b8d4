import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each node's on-chain stake, boost and verifier flag (projection of corex.stake.changed.v1) for the node view. */
export class NodeStakes1764900000000 implements MigrationInterface {
  name = 'NodeStakes1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE marketplace.node_stakes (
      node_id text PRIMARY KEY, staker text NOT NULL, active numeric(78, 0) NOT NULL, pending numeric(78, 0) NOT NULL,
      boost_bps int NOT NULL, verifier boolean NOT NULL, block bigint NOT NULL, tx_hash text NOT NULL, version bigint NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE marketplace.node_stakes`);
  }
}
