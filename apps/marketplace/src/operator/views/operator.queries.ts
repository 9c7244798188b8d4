import type { DataSource } from 'typeorm';
import { explainLease, type LeaseFacts } from '@corex/marketplace-domain';
import type { DecidingEvent, NodeLeaseRow } from '../../projections';
import { nodeTrust } from '../../nodes/get-node/node-trust';
import { nodeRewards, payoutOf } from '../../settlement/settlement.queries';
import type { AllocationsView, OperatorFragmentView, OperatorNodeView } from './operator.view.schema';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

type LeaseRow = NodeLeaseRow & { epoch_settled: boolean | null; job_ended: DecidingEvent | null };

/** The node's identity, stake, payout, rewards, trust and lease counts; null for a node that never registered. */
export async function operatorNode(ds: DataSource, nodeId: string, now: Date): Promise<OperatorNodeView | null> {
  const [r] = await ds.query(
    `SELECT n.*, s.staker, s.active::text AS stake_active, s.pending::text AS stake_pending, s.boost_bps, s.verifier, s.block AS stake_block, s.tx_hash AS stake_tx,
            pr.target_chain, pr.recipient, pr.chosen_at
     FROM marketplace.nodes n LEFT JOIN marketplace.node_stakes s ON s.node_id = n.id LEFT JOIN marketplace.payout_routes pr ON pr.node_id = n.id WHERE n.id = $1`,
    [nodeId],
  );
  if (!r) return null;
  const [trust, rewards, payout, [counts]] = await Promise.all([
    nodeTrust(ds, nodeId, now),
    nodeRewards(ds, nodeId),
    payoutOf(ds, nodeId),
    ds.query(
      `SELECT count(*) FILTER (WHERE state = 'active' AND je.job_id IS NULL)::int AS active, count(*) FILTER (WHERE state = 'completed')::int AS completed,
              count(*) FILTER (WHERE verdict = 'verified')::int AS verified, count(*) FILTER (WHERE state NOT IN ('active', 'completed', 'cancelled'))::int AS failed,
              count(*) FILTER (WHERE state = 'cancelled' OR (state = 'active' AND je.job_id IS NOT NULL))::int AS cancelled,
              count(*) FILTER (WHERE verdict = 'rejected')::int AS rejected, count(*) FILTER (WHERE verdict = 'fraud')::int AS fraud
       FROM marketplace.node_leases l LEFT JOIN marketplace.job_ends je ON je.job_id = l.job_id WHERE l.node_id = $1`,
      [nodeId],
    ),
  ]);
  return {
    nodeId: r.id,
    name: r.name,
    status: trust.standing.status === 'active' ? r.status : trust.standing.status,
    hardware: r.hardware,
    benchmark: r.benchmark,
    runnerVersion: r.runner_version,
    registeredAt: iso(r.registered_at)!,
    stake:
      r.staker === null
        ? null
        : { active: r.stake_active, pending: r.stake_pending, boostBps: r.boost_bps, verifier: r.verifier, staker: r.staker, block: Number(r.stake_block), txHash: r.stake_tx },
    payout: { address: payout, route: r.target_chain ? { chain: r.target_chain, recipient: r.recipient, chosenAt: r.chosen_at } : null },
    rewards,
    leases: counts,
    ...trust,
  };
}

export async function allocations(ds: DataSource, nodeId: string): Promise<AllocationsView> {
  const rows = await ds.query(
    `SELECT l.lease_id, l.fragment_id, l.job_id, l.attempt, l.assigned_at, l.lease_expires_at, a.score FROM marketplace.node_leases l
     LEFT JOIN marketplace.assignments a ON a.lease_id = l.lease_id
     WHERE l.node_id = $1 AND l.state = 'active' AND NOT EXISTS (SELECT 1 FROM marketplace.job_ends je WHERE je.job_id = l.job_id)
     ORDER BY l.assigned_seq DESC LIMIT 1000`,
    [nodeId],
  );
  return {
    items: rows.map((r: Record<string, any>) => ({
      leaseId: r.lease_id,
      fragmentId: r.fragment_id,
      jobId: r.job_id,
      attempt: r.attempt,
      assignedAt: r.assigned_at,
      leaseExpiresAt: r.lease_expires_at,
      score: r.score ?? {},
    })),
  };
}

const LEASE_COLUMNS = `l.*, l.reward_amount::text AS reward_amount, e.settled AS epoch_settled, je.ended AS job_ended`;
// A lease's own end (node_leases) comes first; a lease its job's end closed with no end recorded
// (see job-ends.projection) is ended here by the job's end.
const LEASE_FROM = `marketplace.node_leases l LEFT JOIN marketplace.settlement_epochs e ON e.epoch = l.reward_epoch LEFT JOIN marketplace.job_ends je ON je.job_id = l.job_id`;
const ENDED = `(l.state <> 'active' OR je.job_id IS NOT NULL)`;

/** The node's ended leases, newest first, after `beforeSeq` (the previous page's last assigned_seq). */
export async function fragmentsPage(ds: DataSource, nodeId: string, beforeSeq: number | undefined, limit: number): Promise<{ items: OperatorFragmentView[]; lastSeq: number | null; more: boolean }> {
  const rows: LeaseRow[] = await ds.query(
    `SELECT ${LEASE_COLUMNS} FROM ${LEASE_FROM} WHERE l.node_id = $1 AND ${ENDED} AND l.assigned_seq < $2 ORDER BY l.assigned_seq DESC LIMIT $3`,
    [nodeId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1],
  );
  const payoutBound = (await payoutOf(ds, nodeId)) !== null;
  const page = rows.slice(0, limit);
  return { items: page.map((r) => fragmentView(r, payoutBound)), lastSeq: page.length ? Number(page.at(-1)!.assigned_seq) : null, more: rows.length > limit };
}

/** Every lease the node held of one fragment, newest first (empty: the node never had it). */
export async function fragmentLeases(ds: DataSource, nodeId: string, fragmentId: string): Promise<OperatorFragmentView[]> {
  const rows: LeaseRow[] = await ds.query(`SELECT ${LEASE_COLUMNS} FROM ${LEASE_FROM} WHERE l.node_id = $1 AND l.fragment_id = $2 ORDER BY l.assigned_seq DESC LIMIT 200`, [nodeId, fragmentId]);
  const payoutBound = (await payoutOf(ds, nodeId)) !== null;
  return rows.map((r) => fragmentView(r, payoutBound));
}

function fragmentView(row: LeaseRow, payoutBound: boolean): OperatorFragmentView {
  const closedByJob = row.state === 'active' && row.job_ended !== null;
  const r: LeaseRow = closedByJob ? { ...row, state: 'cancelled', ended_at: row.job_ended!.time, decided: row.job_ended! } : row;
  const reward = r.reward_amount === null ? null : { amount: String(r.reward_amount), epoch: r.reward_epoch!, epochSettled: r.epoch_settled === true };
  const facts: LeaseFacts = {
    state: r.state,
    leaseExpiresAt: r.lease_expires_at,
    endedAt: r.ended_at,
    error: r.error,
    verdict: r.verdict,
    verdictReason: r.verdict_reason,
    fraud: r.fraud ? { kind: r.fraud.kind, detail: r.fraud.evidence.detail } : null,
    reward: reward && { amount: reward.amount, epoch: reward.epoch },
    epochSettled: reward?.epochSettled ?? false,
    payoutBound,
  };
  return {
    leaseId: r.lease_id,
    fragmentId: r.fragment_id,
    jobId: r.job_id,
    attempt: r.attempt,
    assignedAt: r.assigned_at,
    endedAt: r.ended_at,
    state: r.state,
    resultHash: r.result_hash,
    error: r.error,
    verification: { verdict: r.verdict, method: r.method, checks: r.checks, reason: r.verdict_reason, fraud: r.fraud },
    reward,
    ...explainLease(facts),
    decidedBy: { ...r.decided, seq: Number(r.decided.seq) },
  };
}
