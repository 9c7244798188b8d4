import { parseUnits } from 'ethers';
import type { DataSource } from 'typeorm';
import type { JobCost, NodeRewards } from './settlement.view.schema';

export async function jobCost(ds: DataSource, jobId: string, budgetCxt: string): Promise<JobCost> {
  const [row] = await ds.query(`SELECT coalesce(sum(amount), 0)::text AS spent, count(*)::int AS n FROM marketplace.fragment_rewards WHERE job_id = $1`, [jobId]);
  return { budget: parseUnits(budgetCxt, 18).toString(), spent: row.spent, rewardedFragments: row.n };
}

export async function nodeRewards(ds: DataSource, nodeId: string): Promise<NodeRewards> {
  const [earned] = await ds.query(`SELECT coalesce(sum(amount), 0)::text AS total FROM marketplace.fragment_rewards WHERE node_id = $1`, [nodeId]);
  const payments: Array<{ epoch: number; amount: string; tx_hash: string }> = await ds.query(
    `SELECT c.epoch, (p->>'amount') AS amount, c.tx_hash FROM marketplace.epoch_claims c, jsonb_array_elements(c.payments) p
     WHERE p->>'nodeId' = $1 ORDER BY c.epoch DESC, c.batch DESC`,
    [nodeId],
  );
  const paid = payments.reduce((s, p) => s + BigInt(p.amount), 0n);
  const total = BigInt(earned.total);
  return {
    earned: total.toString(),
    pending: (total > paid ? total - paid : 0n).toString(),
    paid: paid.toString(),
    payments: payments.slice(0, 100).map((p) => ({ epoch: p.epoch, amount: p.amount, txHash: p.tx_hash })),
  };
}

export async function payoutOf(ds: DataSource, nodeId: string): Promise<string | null> {
  const [row] = await ds.query(`SELECT payout FROM marketplace.node_payouts WHERE node_id = $1`, [nodeId]);
  return row?.payout ?? null;
}
