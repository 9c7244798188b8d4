import { FraudDetected, NodeSlashed, type EventEnvelope, type FraudDetectedData, type FraudEvidence, type FraudKind, type NodeSlashedData } from '@corex/events';
import type { ProjectionDefinition } from '@corex/projections';

/**
 * One proven fraud and the slash that punished it (`marketplace.node_violations`), keyed by the
 * evidence hash both carry (lower-case: the chain reports bytes32 in any case). Either may come
 * first; a row with a slash and no fraud yet is not shown.
 */
export interface NodeViolationRow {
  evidence_hash: string;
  fraud_id: string | null;
  node_id: string | null;
  kind: FraudKind | null;
  detected_at: string | null;
  job_id: string | null;
  fragment_id: string | null;
  evidence: FraudEvidence | null;
  slash_tx: string | null;
  slash_amount: string | null;
  slash_block: number | null;
  version: number;
}

const keyOf = (e: EventEnvelope) => ((e.data as { evidenceHash: string }).evidenceHash ?? '').toLowerCase();

const empty = (evidenceHash: string): Omit<NodeViolationRow, 'version'> => ({
  evidence_hash: evidenceHash,
  fraud_id: null,
  node_id: null,
  kind: null,
  detected_at: null,
  job_id: null,
  fragment_id: null,
  evidence: null,
  slash_tx: null,
  slash_amount: null,
  slash_block: null,
});

function change(e: EventEnvelope, row: Omit<NodeViolationRow, 'version'>): Partial<NodeViolationRow> | null {
  if (e.type === FraudDetected.type) {
    const d = e.data as FraudDetectedData;
    // The first detection stays: a repeated one (same evidence) adds nothing.
    if (row.fraud_id) return null;
    return { fraud_id: d.fraudId, node_id: d.nodeId, kind: d.kind, detected_at: d.detectedAt, job_id: d.jobId ?? null, fragment_id: d.fragmentId ?? null, evidence: d.evidence };
  }
  if (e.type === NodeSlashed.type) {
    const d = e.data as NodeSlashedData;
    if (row.slash_tx) return null;
    return { slash_tx: d.txHash.toLowerCase(), slash_amount: d.amount, slash_block: d.block, node_id: row.node_id ?? d.nodeId ?? null };
  }
  return null;
}

/** Frauds (verification and challenge subjects) joined with their slashes (stake subjects): it reads every event (`>`). */
export const nodeViolationsProjection: ProjectionDefinition<NodeViolationRow> = {
  name: 'marketplace.node_violations',
  table: 'marketplace.node_violations',
  key: 'evidence_hash',
  filter: '>',
  handles: [FraudDetected.type, NodeSlashed.type],
  keyOf,
  evolve: (row, e, seq) => {
    const current = row ?? empty(keyOf(e));
    const next = change(e, current);
    return next ? { ...current, ...next, version: seq } : row;
  },
};
