import type { DataSource } from 'typeorm';
import type { HistoryView } from './operator.view.schema';

/** Contribution per day and per epoch, and the reputation service's decisions over time. */
export async function history(ds: DataSource, nodeId: string): Promise<HistoryView> {
  const [days, epochs, points] = await Promise.all([
    ds.query(
      `SELECT * FROM (
         SELECT substr(coalesce(ended_at, assigned_at), 1, 10) AS day, count(*)::int AS leases, count(*) FILTER (WHERE state = 'completed')::int AS completed,
                count(*) FILTER (WHERE verdict = 'verified')::int AS verified, count(*) FILTER (WHERE state NOT IN ('active', 'completed', 'cancelled') OR verdict IN ('rejected', 'fraud'))::int AS failed,
                count(*) FILTER (WHERE state = 'cancelled' OR je.job_id IS NOT NULL AND state = 'active')::int AS cancelled,
                coalesce(sum(reward_amount), 0)::text AS earned
         FROM marketplace.node_leases l LEFT JOIN marketplace.job_ends je ON je.job_id = l.job_id WHERE l.node_id = $1 GROUP BY 1 ORDER BY 1 DESC LIMIT 366) d ORDER BY day`,
      [nodeId],
    ),
    ds.query(`SELECT epoch, count(*)::int AS fragments, sum(amount)::text AS rewards FROM marketplace.fragment_rewards WHERE node_id = $1 GROUP BY epoch ORDER BY epoch LIMIT 1000`, [nodeId]),
    ds.query(`SELECT * FROM (SELECT * FROM marketplace.node_reputation_history WHERE node_id = $1 ORDER BY seq DESC LIMIT 3000) h ORDER BY seq`, [nodeId]),
  ]);
  const seq = (p: { seq: string | number }) => Number(p.seq);
  const of = (kind: string) => points.filter((p: { kind: string }) => p.kind === kind);
  return {
    days,
    epochs,
    reputation: of('score').slice(-2000).map((p: any) => ({ at: p.at, score: p.score, seq: seq(p) })),
    tiers: of('tier').slice(-500).map((p: any) => ({ at: p.at, tier: p.tier, reason: p.reason, seq: seq(p) })),
    standing: points.filter((p: { kind: string }) => p.kind === 'suspended' || p.kind === 'evicted').slice(-500).map((p: any) => ({ at: p.at, kind: p.kind, reason: p.reason, seq: seq(p) })),
  };
}
