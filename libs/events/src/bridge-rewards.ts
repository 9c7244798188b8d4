import { z } from 'zod';
import { bridgeChainSchema, solanaAddressSchema, solanaSignatureSchema, wormholeSequenceSchema } from './bridge';
import { defineEvent, type DataOf } from './catalog';
import { bytes32Schema, evmAddressSchema, weiSchema } from './chain';
import { isoTimeSchema } from './common';
import { nodeIdSchema } from './nodes';

/* Nodes' rewards carried by the bridge to the chain each node chose (docs/bridge.md). Amounts in 18-decimal wei. */

const wei = weiSchema;
const bytes32 = bytes32Schema;
const evmAddress = evmAddressSchema;
const solanaAddress = solanaAddressSchema;
const solanaSignature = solanaSignatureSchema;
const sequence = wormholeSequenceSchema;

/**
 * A node chose where its rewards go (signed by the node; `messageHash` is the sha256 of the signed
 * bytes): an EVM address on a remote EVM chain or a Solana owner (base58). On the home chain the
 * StakingPool's bound payout (`corex.payout.bound.v1`) is paid and nothing is bridged. Subject `payout-route.<nodeId>`.
 */
export const PayoutRouteChosen = defineEvent(
  'corex.payout-route.chosen',
  1,
  z.object({
    nodeId: nodeIdSchema,
    targetChain: bridgeChainSchema,
    recipient: z.union([evmAddress, solanaAddress]),
    messageHash: z.string().regex(/^[0-9a-f]{64}$/),
    signature: z.string().min(1).max(200),
    chosenAt: isoTimeSchema,
  }),
);
export type PayoutRouteChosenData = DataOf<typeof PayoutRouteChosen>;

/** One node's reward of one epoch going to another chain; transferId is derived from (epoch, node, chain). */
const transfer = {
  transferId: bytes32,
  nodeId: nodeIdSchema,
  targetChain: bridgeChainSchema,
  recipient: z.union([evmAddress, solanaAddress]),
  amount: wei,
  epoch: z.number().int().positive(),
};

export const RewardTransferQueued = defineEvent('corex.reward-transfer.queued', 1, z.object({ ...transfer, queuedAt: isoTimeSchema }));
export type RewardTransferQueuedData = DataOf<typeof RewardTransferQueued>;

/** CorexHub.bridgeReward mined on the home chain; the Wormhole message `sequence` carries it (EVM targets). */
export const RewardTransferPublished = defineEvent(
  'corex.reward-transfer.published',
  1,
  z.object({
    ...transfer,
    txHash: bytes32,
    sequence,
    /** The TokenTransfer's transferId as the hub published it, when it differs from ours (the hub numbers its own). */
    messageTransferId: bytes32.optional(),
    publishedAt: isoTimeSchema,
  }),
);
export type RewardTransferPublishedData = DataOf<typeof RewardTransferPublished>;

/** The tokens arrived: CorexPeerToken minted (`txHash`) or the SPL mint landed on Solana (`signature`). */
export const RewardTransferDelivered = defineEvent(
  'corex.reward-transfer.delivered',
  1,
  z.object({ ...transfer, txHash: bytes32.optional(), signature: solanaSignature.optional(), deliveredAt: isoTimeSchema }),
);
export type RewardTransferDeliveredData = DataOf<typeof RewardTransferDelivered>;

/**
 * The inbound rate limit (CorexPeerToken/CorexHub on EVM, the bridge itself on Solana) held the
 * transfer back until `releaseAt`: above the capacity left of the rolling 24 h cap, or at least the
 * large-transfer threshold. A release that still finds too little capacity holds it again.
 */
export const RewardTransferHeld = defineEvent(
  'corex.reward-transfer.held',
  1,
  z.object({ ...transfer, reason: z.enum(['daily-cap', 'large-transfer']), releaseAt: isoTimeSchema, heldAt: isoTimeSchema }),
);
export type RewardTransferHeldData = DataOf<typeof RewardTransferHeld>;

export const bridgeRewardEvents = [PayoutRouteChosen, RewardTransferQueued, RewardTransferPublished, RewardTransferDelivered, RewardTransferHeld] as const;
