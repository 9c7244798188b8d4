import type { DataSource } from 'typeorm';
import { pocLeafValue, pocTree, proofIndex, type ComputeRecord } from '@corex/settlement';
import type { EpochTrees } from '../settlement/epoch-trees';
import type { FragmentOutcome } from '../projections/fragment-verifications.projection';
import type { FragmentTrail } from './model-registry.view.schema';

interface TrailRow {
  fragment_id: string;
  v_node: string | null;
  v_lease: string | null;
  outcome: FragmentOutcome | null;
  method: string | null;
  r_node: string | null;
  r_lease: string | null;
  result_hash: string | null;
  epoch: number | null;
  amount: string | null;
  poc_root: string | null;
  settled: boolean | null;
  tx_hashes: { anchor?: string | null } | null;
}

/**
 * Each named fragment of the job with its verdict (fragment_verifications), its reward and the
 * epoch holding its Proof-of-Compute record (fragment_rewards, settlement_epochs), in input order.
 * A fragment neither read model knows yet comes back with nulls.
 */
export async function fragmentTrails(ds: DataSource, trees: EpochTrees, jobId: string, fragmentIds: readonly string[]): Promise<FragmentTrail[]> {
  if (fragmentIds.length === 0) return [];
  const rows: TrailRow[] = await ds.query(
    `SELECT f.id AS fragment_id, v.node_id AS v_node, v.lease_id AS v_lease, v.outcome, v.method,
            r.node_id AS r_node, r.lease_id AS r_lease, r.result_hash, r.epoch, r.amount::text AS amount, e.poc_root, e.settled, e.tx_hashes
     FROM unnest($2::text[]) WITH ORDINALITY AS f(id, ord)
     LEFT JOIN marketplace.fragment_verifications v ON v.fragment_id = f.id AND v.job_id = $1
     LEFT JOIN marketplace.fragment_rewards r ON r.fragment_id = f.id AND r.job_id = $1
     LEFT JOIN marketplace.settlement_epochs e ON e.epoch = r.epoch
     ORDER BY f.ord`,
    [jobId, fragmentIds],
  );
  const trails: FragmentTrail[] = [];
  for (const r of rows) trails.push(await toTrail(trees, jobId, r));
  return trails;
}

/** Whether any read model knows the fragment as one of the job's. */
export async function isJobFragment(ds: DataSource, jobId: string, fragmentId: string): Promise<boolean> {
  const [row] = await ds.query(
    `SELECT EXISTS (SELECT 1 FROM marketplace.fragment_verifications WHERE job_id = $1 AND fragment_id = $2)
         OR EXISTS (SELECT 1 FROM marketplace.fragment_rewards WHERE job_id = $1 AND fragment_id = $2)
         OR EXISTS (SELECT 1 FROM marketplace.job_steps WHERE job_id = $1 AND participants @> $3::jsonb) AS known`,
    [jobId, fragmentId, JSON.stringify([{ fragmentId }])],
  );
  return Boolean(row?.known);
}

async function toTrail(trees: EpochTrees, jobId: string, r: TrailRow): Promise<FragmentTrail> {
  // The rewarded result is the one in the Proof-of-Compute record: its node and lease come first.
  const nodeId = r.r_node ?? r.v_node;
  const leaseId = r.r_lease ?? r.v_lease;
  return {
    fragmentId: r.fragment_id,
    nodeId,
    leaseId,
    resultHash: r.result_hash,
    verification: r.outcome ? { outcome: r.outcome, method: r.method } : null,
    reward: r.epoch !== null && r.amount !== null ? { epoch: r.epoch, amount: r.amount } : null,
    poc: r.epoch === null ? null : await pocOf(trees, { ...r, epoch: r.epoch }, { jobId, fragmentId: r.fragment_id, nodeId: r.r_node!, leaseId: r.r_lease!, resultHash: r.result_hash! }),
  };
}

async function pocOf(trees: EpochTrees, r: TrailRow & { epoch: number }, record: Parameters<typeof pocLeafValue>[0]): Promise<NonNullable<FragmentTrail['poc']>> {
  const prove = r.poc_root ? await trees.prover(r.epoch, r.poc_root) : null;
  return {
    epoch: r.epoch,
    pocRoot: prove ? r.poc_root : null,
    anchored: Boolean(prove && r.settled),
    anchorTxHash: r.tx_hashes?.anchor ?? null,
    proof: prove ? prove(pocLeafValue(record)) : null,
  };
}

/**
 * Proofs of the contributors' records in a version's fragmentsRoot, rebuilt the settlement's way:
 * each participant's rewarded record (same fragment and node). A rebuilt root that differs from
 * the anchored one (a reward not yet projected) proves nothing: every proof is then null.
 */
export function fragmentsRootProver(
  jobId: string,
  trails: readonly FragmentTrail[],
  participants: ReadonlyArray<{ fragmentId: string; nodeId: string }>,
  fragmentsRoot: string | null,
): (trail: FragmentTrail) => string[] | null {
  const records = new Map<string, ComputeRecord>();
  trails.forEach((t, i) => {
    if (t.reward && t.nodeId === participants[i]?.nodeId && t.leaseId && t.resultHash) {
      records.set(t.fragmentId, { jobId, fragmentId: t.fragmentId, nodeId: t.nodeId, leaseId: t.leaseId, resultHash: t.resultHash });
    }
  });
  if (!fragmentsRoot || records.size === 0) return () => null;
  const tree = pocTree([...records.values()]);
  if (tree.root.toLowerCase() !== fragmentsRoot.toLowerCase()) return () => null;
  const prove = proofIndex(tree);
  return (trail) => {
    const record = records.get(trail.fragmentId);
    return record ? prove(pocLeafValue(record)) : null;
  };
}
