import {
  PayoutRouteChosen,
  RewardTransferDelivered,
  RewardTransferHeld,
  RewardTransferPublished,
  RewardTransferQueued,
  type EventEnvelope,
  type PayoutRouteChosenData,
  type RewardTransferDeliveredData,
  type RewardTransferHeldData,
  type RewardTransferPublishedData,
  type RewardTransferQueuedData,
} from '@corex/events';
import type { ProjectionDefinition } from '@corex/projections';

/** The chain and recipient a node chose for its rewards (`marketplace.payout_routes`). */
export interface PayoutRouteRow {
  node_id: string;
  target_chain: string;
  recipient: string;
  chosen_at: string;
  version: number;
}

export const payoutRoutesProjection: ProjectionDefinition<PayoutRouteRow> = {
  name: 'marketplace.payout_routes',
  table: 'marketplace.payout_routes',
  key: 'node_id',
  filter: 'payout-route.*',
  handles: [PayoutRouteChosen.type],
  creates: [PayoutRouteChosen.type],
  keyOf: (e: EventEnvelope) => (e.data as PayoutRouteChosenData).nodeId,
  evolve: (_row, e, seq) => {
    const d = e.data as PayoutRouteChosenData;
    return { node_id: d.nodeId, target_chain: d.targetChain.name, recipient: d.recipient, chosen_at: d.chosenAt, version: seq };
  },
};

export type RewardTransferStatus = 'queued' | 'held' | 'published' | 'delivered';

/** One node's reward of one epoch carried by the bridge to its chosen chain (`marketplace.reward_transfers`). */
export interface RewardTransferRow {
  transfer_id: string;
  node_id: string;
  epoch: number;
  target_chain: string;
  recipient: string;
  amount: string;
  status: RewardTransferStatus;
  /** The home chain's CorexHub.bridgeReward transaction. */
  publish_tx: string | null;
  sequence: string | null;
  /** The target chain's mint: a transaction hash (EVM) or a signature (Solana). */
  delivery_tx: string | null;
  hold_reason: string | null;
  release_at: string | null;
  updated_at: string;
  version: number;
}

type Transfer = RewardTransferQueuedData;

const STEPS: Record<string, (row: RewardTransferRow, data: unknown) => Partial<RewardTransferRow>> = {
  [RewardTransferQueued.type]: (_row, data) => ({ status: 'queued', updated_at: (data as RewardTransferQueuedData).queuedAt }),
  [RewardTransferHeld.type]: (_row, data) => {
    const d = data as RewardTransferHeldData;
    return { status: 'held', hold_reason: d.reason, release_at: d.releaseAt, updated_at: d.heldAt };
  },
  [RewardTransferPublished.type]: (_row, data) => {
    const d = data as RewardTransferPublishedData;
    return { status: 'published', publish_tx: d.txHash, sequence: String(d.sequence), updated_at: d.publishedAt };
  },
  [RewardTransferDelivered.type]: (_row, data) => {
    const d = data as RewardTransferDeliveredData;
    return { status: 'delivered', delivery_tx: d.txHash ?? d.signature ?? null, updated_at: d.deliveredAt };
  },
};

export const rewardTransfersProjection: ProjectionDefinition<RewardTransferRow> = {
  name: 'marketplace.reward_transfers',
  table: 'marketplace.reward_transfers',
  key: 'transfer_id',
  filter: 'reward-transfer.*',
  handles: Object.keys(STEPS),
  keyOf: (e: EventEnvelope) => (e.data as Transfer).transferId,
  evolve: (row, e, seq) => {
    const step = STEPS[e.type];
    if (!step) return row;
    // Delivered is final: a late held or published record of the same transfer does not undo it.
    if (row?.status === 'delivered') return row;
    const d = e.data as Transfer;
    const base: RewardTransferRow = row ?? {
      transfer_id: d.transferId,
      node_id: d.nodeId,
      epoch: d.epoch,
      target_chain: d.targetChain.name,
      recipient: d.recipient,
      amount: d.amount,
      status: 'queued',
      publish_tx: null,
      sequence: null,
      delivery_tx: null,
      hold_reason: null,
      release_at: null,
      updated_at: e.time,
      version: seq,
    };
    return { ...base, ...step(base, e.data), version: seq };
  },
};
