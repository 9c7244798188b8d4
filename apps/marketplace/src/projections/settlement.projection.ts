import {
  EpochClaimed,
  EpochClosed,
  EpochSettled,
  FragmentRewarded,
  PayoutBound,
  type EpochClaimedData,
  type EpochClosedData,
  type EpochSettledData,
  type EventEnvelope,
  type FragmentRewardedData,
  type PayoutBoundData,
} from '@corex/events';
import type { ProjectionDefinition } from '@corex/projections';

export interface FragmentRewardRow {
  fragment_id: string;
  job_id: string;
  account_id: string;
  node_id: string;
  lease_id: string;
  result_hash: string;
  epoch: number;
  base_price: string;
  boost_bps: number;
  reputation_bps: number;
  amount: string;
  budget: string;
  fragment_rows: number;
  job_rows: number;
  steps: number;
  completed_at: string;
  version: number;
}

/** What each completed fragment earned, with the inputs of its formula (corex.fragment.rewarded.v1). */
export const fragmentRewardsProjection: ProjectionDefinition<FragmentRewardRow> = {
  name: 'marketplace.fragment_rewards',
  table: 'marketplace.fragment_rewards',
  key: 'fragment_id',
  filter: 'reward.*',
  handles: [FragmentRewarded.type],
  creates: [FragmentRewarded.type],
  keyOf: (e: EventEnvelope) => (e.data as FragmentRewardedData).fragmentId,
  evolve: (_row, e, seq) => {
    const d = e.data as FragmentRewardedData;
    return {
      fragment_id: d.fragmentId,
      job_id: d.jobId,
      account_id: d.accountId,
      node_id: d.nodeId,
      lease_id: d.leaseId,
      result_hash: d.resultHash,
      epoch: d.epoch,
      base_price: d.basePrice,
      boost_bps: d.boostBps,
      reputation_bps: d.reputationBps,
      amount: d.amount,
      budget: d.budget,
      fragment_rows: d.fragmentRows,
      job_rows: d.jobRows,
      steps: d.steps,
      completed_at: d.completedAt,
      version: seq,
    };
  },
};

export interface SettlementEpochRow {
  epoch: number;
  reward_root: string;
  poc_root: string;
  total_cumulative: string;
  records: number;
  leaves: number;
  closed_at: string;
  settled: boolean;
  tx_hashes: EpochSettledData['txHashes'] | null;
  /** Model versions recorded in this epoch, aligned by index with `tx_hashes.models`. */
  models: EpochClosedData['models'];
  version: number;
}

/** Each closed epoch's roots, and its transactions once settled. */
export const settlementEpochsProjection: ProjectionDefinition<SettlementEpochRow> = {
  name: 'marketplace.settlement_epochs',
  table: 'marketplace.settlement_epochs',
  key: 'epoch',
  filter: 'epoch.*',
  handles: [EpochClosed.type, EpochSettled.type],
  keyOf: (e: EventEnvelope) => String((e.data as { epoch: number }).epoch),
  evolve: (row, e, seq) => {
    if (e.type === EpochClosed.type) {
      const d = e.data as EpochClosedData;
      return { epoch: d.epoch, reward_root: d.rewardRoot, poc_root: d.pocRoot, total_cumulative: d.totalCumulative, records: d.records, leaves: d.leaves, closed_at: d.closedAt, settled: false, tx_hashes: null, models: d.models, version: seq };
    }
    if (!row) return row;
    return { ...row, settled: true, tx_hashes: (e.data as EpochSettledData).txHashes, version: seq };
  },
};

export interface EpochClaimRow {
  id: string;
  epoch: number;
  batch: number;
  tx_hash: string;
  payments: EpochClaimedData['payments'];
  version: number;
}

/** Each mined claimForMany batch and what it paid to whom. */
export const epochClaimsProjection: ProjectionDefinition<EpochClaimRow> = {
  name: 'marketplace.epoch_claims',
  table: 'marketplace.epoch_claims',
  key: 'id',
  filter: 'epoch.*',
  handles: [EpochClaimed.type],
  creates: [EpochClaimed.type],
  keyOf: (e: EventEnvelope) => `${(e.data as EpochClaimedData).epoch}:${(e.data as EpochClaimedData).batch}`,
  evolve: (_row, e, seq) => {
    const d = e.data as EpochClaimedData;
    return { id: `${d.epoch}:${d.batch}`, epoch: d.epoch, batch: d.batch, tx_hash: d.txHash, payments: d.payments, version: seq };
  },
};

export interface NodePayoutRow {
  node_id: string;
  payout: string;
  tx_hash: string;
  version: number;
}

/** The payout address bound to each node on-chain (corex.payout.bound.v1 from the staking service's ingest). */
export const nodePayoutsProjection: ProjectionDefinition<NodePayoutRow> = {
  name: 'marketplace.node_payouts',
  table: 'marketplace.node_payouts',
  key: 'node_id',
  filter: 'stake.*',
  handles: [PayoutBound.type],
  keyOf: (e: EventEnvelope) => (e.data as PayoutBoundData).nodeId ?? (e.data as PayoutBoundData).nodeKey,
  evolve: (row, e, seq) => {
    const d = e.data as PayoutBoundData;
    if (!d.nodeId) return row;
    return { node_id: d.nodeId, payout: d.payout, tx_hash: d.txHash, version: seq };
  },
};

export const settlementProjections = [fragmentRewardsProjection, settlementEpochsProjection, epochClaimsProjection, nodePayoutsProjection] as const;
