import type { DataSource } from 'typeorm';
import type { NodeReputationRow, NodeViolationRow } from '../../projections';
import type { NodeView } from './node.view.schema';

type NodeTrust = Pick<NodeView, 'reputation' | 'tier' | 'standing' | 'violations'>;

/** The node's reputation, tier, standing (suspension judged against `now`) and violations with their slashes. */
export async function nodeTrust(ds: DataSource, nodeId: string, now: Date): Promise<NodeTrust> {
  const [[rep], violations] = (await Promise.all([
    ds.query(`SELECT * FROM marketplace.node_reputation WHERE node_id = $1`, [nodeId]),
    ds.query(
      `SELECT * FROM marketplace.node_violations WHERE node_id = $1 AND fraud_id IS NOT NULL ORDER BY detected_at DESC, fraud_id LIMIT 100`,
      [nodeId],
    ),
  ])) as [NodeReputationRow[], NodeViolationRow[]];
  return {
    reputation:
      rep?.score == null ? null : { score: rep.score, components: rep.components!, indicators: rep.indicators ?? {}, updatedAt: rep.scored_at! },
    tier: rep?.tier ?? null,
    standing: standingOf(rep, now),
    violations: violations.map((v) => ({
      fraudId: v.fraud_id!,
      kind: v.kind!,
      detectedAt: v.detected_at!,
      jobId: v.job_id,
      fragmentId: v.fragment_id,
      evidenceHash: v.evidence_hash,
      evidence: v.evidence!,
      slash: v.slash_tx === null ? null : { txHash: v.slash_tx, amount: String(v.slash_amount), block: Number(v.slash_block) },
    })),
  };
}

function standingOf(rep: NodeReputationRow | undefined, now: Date): NodeTrust['standing'] {
  if (rep?.evicted_at) return { status: 'evicted', until: null, reason: rep.eviction_reason };
  if (rep?.suspended_until && new Date(rep.suspended_until).getTime() > now.getTime()) {
    return { status: 'suspended', until: rep.suspended_until, reason: rep.suspension_reason };
  }
  return { status: 'active', until: null, reason: null };
}
