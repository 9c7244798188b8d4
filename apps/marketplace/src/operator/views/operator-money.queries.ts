import type { DataSource } from 'typeorm';
import { reconcileEpochs, type EpochPayment, type EpochRewards } from '@corex/marketplace-domain';
import type { RewardTransferRow } from '../../projections';
import { nodeRewards, payoutOf } from '../../settlement/settlement.queries';
import type { ChainLinks } from './chain-links';
import type { PayoutsView, ReconciliationView } from './operator.view.schema';

interface NodeMoney {
  rewards: EpochRewards[];
  payments: Array<EpochPayment & { batch: number }>;
  settled: Set<number>;
  transfers: RewardTransferRow[];
}

/** The node's rewards per epoch, MiningPool's payments to it, the settled epochs and its bridged transfers. */
async function nodeMoney(ds: DataSource, nodeId: string): Promise<NodeMoney> {
  const [rewards, payments, settled, transfers] = await Promise.all([
    ds.query(`SELECT epoch, count(*)::int AS fragments, sum(amount)::text AS amount FROM marketplace.fragment_rewards WHERE node_id = $1 GROUP BY epoch`, [nodeId]),
    ds.query(
      `SELECT c.epoch, c.batch, c.tx_hash AS "txHash", (p->>'amount') AS amount FROM marketplace.epoch_claims c, jsonb_array_elements(c.payments) p
       WHERE p->>'nodeId' = $1 ORDER BY c.epoch, c.batch`,
      [nodeId],
    ),
    ds.query(`SELECT epoch FROM marketplace.settlement_epochs WHERE settled`),
    ds.query(`SELECT *, amount::text AS amount FROM marketplace.reward_transfers WHERE node_id = $1 ORDER BY epoch, transfer_id`, [nodeId]),
  ]);
  return { rewards, payments, settled: new Set(settled.map((r: { epoch: number }) => r.epoch)), transfers };
}

/** Rewards per epoch, newest first, with their status and the transactions that paid them (and carried them to another chain). */
export async function payouts(ds: DataSource, nodeId: string, links: ChainLinks): Promise<PayoutsView> {
  const [money, totals] = await Promise.all([nodeMoney(ds, nodeId), nodeRewards(ds, nodeId)]);
  const epochs = [...new Set([...money.rewards.map((r) => r.epoch), ...money.payments.map((p) => p.epoch)])].sort((a, b) => b - a);
  return {
    earned: totals.earned,
    paid: totals.paid,
    pending: totals.pending,
    epochs: epochs.map((epoch) => {
      const reward = money.rewards.find((r) => r.epoch === epoch);
      const payments = money.payments.filter((p) => p.epoch === epoch);
      const paid = payments.reduce((s, p) => s + BigInt(p.amount), 0n);
      return {
        epoch,
        fragments: reward?.fragments ?? 0,
        rewards: reward?.amount ?? '0',
        status: !money.settled.has(epoch) ? 'accrued' : paid > 0n ? 'paid' : 'settled',
        paid: paid.toString(),
        payments: payments.map((p) => ({ ...links.home(p.txHash), amount: p.amount })),
        transfers: money.transfers.filter((t) => t.epoch === epoch).map((t) => transferView(t, links)),
      };
    }),
  };
}

function transferView(t: RewardTransferRow, links: ChainLinks): PayoutsView['epochs'][number]['transfers'][number] {
  return {
    transferId: t.transfer_id,
    targetChain: t.target_chain,
    recipient: t.recipient,
    amount: String(t.amount),
    status: t.status,
    published: t.publish_tx ? links.home(t.publish_tx) : null,
    delivered: t.delivery_tx ? links.tx(t.target_chain, t.delivery_tx) : null,
    heldUntil: t.status === 'held' ? t.release_at : null,
  };
}

/** Work, rewards and on-chain payments per epoch, cumulated as MiningPool's leaves are, and whether they are equal. */
export async function reconciliation(ds: DataSource, nodeId: string): Promise<ReconciliationView> {
  const [money, payout] = await Promise.all([nodeMoney(ds, nodeId), payoutOf(ds, nodeId)]);
  const epochs = reconcileEpochs(money.rewards, money.payments, money.settled, payout !== null);
  const last = epochs.at(-1);
  return {
    equal: epochs.filter((e) => e.settled).every((e) => e.equal),
    totals: {
      fragments: epochs.reduce((s, e) => s + e.fragments, 0),
      rewards: last?.cumulativeRewards ?? '0',
      paid: last?.cumulativePaid ?? '0',
      outstanding: last?.outstanding ?? '0',
    },
    epochs,
  };
}
