import type { DataSource } from 'typeorm';
import type { OperatorChallenge } from '@corex/marketplace-domain';

/** Challenges and sessions in Postgres; each statement stands alone, single use comes from DELETE … RETURNING. */
export class SignInStore {
  constructor(private readonly ds: DataSource) {}

  async nodeKnown(nodeId: string): Promise<boolean> {
    const rows = await this.ds.query(`SELECT 1 FROM marketplace.nodes WHERE id = $1`, [nodeId]);
    return rows.length > 0;
  }

  /** Drops the node's expired challenges and counts those left. */
  async openChallenges(nodeId: string, now: Date): Promise<number> {
    await this.ds.query(`DELETE FROM marketplace.operator_challenges WHERE node_id = $1 AND expires_at <= $2`, [nodeId, now]);
    const [row] = await this.ds.query(`SELECT count(*)::int AS n FROM marketplace.operator_challenges WHERE node_id = $1`, [nodeId]);
    return row.n;
  }

  async saveChallenge(c: OperatorChallenge, now: Date): Promise<void> {
    await this.ds.query(`INSERT INTO marketplace.operator_challenges (challenge, node_id, expires_at, created_at) VALUES ($1, $2, $3, $4)`, [c.challenge, c.nodeId, c.expiresAt, now]);
  }

  async findChallenge(challenge: string): Promise<OperatorChallenge | null> {
    const [row] = await this.ds.query(`SELECT challenge, node_id, expires_at FROM marketplace.operator_challenges WHERE challenge = $1`, [challenge]);
    return row ? { challenge: row.challenge, nodeId: row.node_id, expiresAt: new Date(row.expires_at) } : null;
  }

  /** Whether this call used the challenge up: of two concurrent answers, only one gets true. */
  async consumeChallenge(challenge: string): Promise<boolean> {
    const [row] = await this.ds.query(`WITH used AS (DELETE FROM marketplace.operator_challenges WHERE challenge = $1 RETURNING 1) SELECT count(*)::int AS n FROM used`, [challenge]);
    return row.n > 0;
  }

  async saveSession(tokenHash: string, nodeId: string, expiresAt: Date, now: Date): Promise<void> {
    await this.ds.query(`DELETE FROM marketplace.operator_sessions WHERE expires_at <= $1`, [now]);
    await this.ds.query(`INSERT INTO marketplace.operator_sessions (token_hash, node_id, expires_at, created_at) VALUES ($1, $2, $3, $4)`, [tokenHash, nodeId, expiresAt, now]);
  }

  async findSession(tokenHash: string): Promise<{ nodeId: string; expiresAt: Date } | null> {
    const [row] = await this.ds.query(`SELECT node_id, expires_at FROM marketplace.operator_sessions WHERE token_hash = $1`, [tokenHash]);
    return row ? { nodeId: row.node_id, expiresAt: new Date(row.expires_at) } : null;
  }
}
