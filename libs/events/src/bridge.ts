import { z } from 'zod';
import { defineEvent, type DataOf } from './catalog';
import { idSchema, isoTimeSchema } from './common';
import { nodeIdSchema } from './nodes';

/*
 * The multichain compute bridge (docs/bridge.md): tasks submitted on another chain (a TaskPortal's
 * Wormhole message, or a CXT transfer to the Solana escrow), the statuses sent back to their origin,
 * and nodes' rewards carried to the chain each node chose. Amounts are 18-decimal wei everywhere
 * (a Solana amount of 9-decimal units is scaled by 1e9).
 */

const wei = z.string().regex(/^(0|[1-9]\d{0,77})$/).max(78);
const bytes32 = z.string().regex(/^0x[0-9a-f]{64}$/i).max(66);
const evmAddress = z.string().regex(/^0x[0-9a-fA-F]{40}$/).max(42);
/** A Solana public key or signature in base58 (no 0, O, I, l). */
const base58 = (min: number, max: number) => z.string().regex(new RegExp(`^[1-9A-HJ-NP-Za-km-z]{${min},${max}}$`)).max(max);
const solanaAddress = base58(32, 44);
const solanaSignature = base58(64, 88);
/** A Wormhole sequence (u64) as a decimal string. */
const sequence = z.string().regex(/^(0|[1-9]\d{0,19})$/).max(20);

export const bridgeChainNames = ['ethereum', 'bsc', 'arbitrum', 'solana'] as const;
export type BridgeChainName = (typeof bridgeChainNames)[number];
/** A chain the bridge serves: its name and Wormhole chain id. */
export const bridgeChainSchema = z.object({ name: z.enum(bridgeChainNames), wormholeChainId: z.number().int().min(1).max(65_535) });

/** An account on a chain: an EVM address, a Wormhole universal address (bytes32), or a Solana base58 key. */
export const chainAccountSchema = z.union([evmAddress, bytes32, solanaAddress]);
/** A cross-chain task id: keccak256(portal chain, portal, nonce) on EVM; the reference key on Solana. */
export const crossChainTaskIdSchema = z.union([bytes32, solanaAddress]);

/** Where a task came from: a verified Wormhole VAA, or a parsed Solana escrow transfer. */
export const taskSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('vaa'), vaaHash: bytes32, emitter: bytes32, sequence }),
  z.object({ kind: z.literal('solana'), signature: solanaSignature, slot: z.number().int().nonnegative() }),
]);
export type TaskSource = z.infer<typeof taskSourceSchema>;

export const taskStatuses = ['accepted', 'running', 'completed', 'failed', 'cancelled'] as const;
export type TaskStatusName = (typeof taskStatuses)[number];
export const taskVerifications = ['none', 'passed', 'failed'] as const;
export type TaskVerification = (typeof taskVerifications)[number];

/** A task entered the network once, as job `jobId` of account `accountId`. Subject `cross-chain-task.<taskId>`. */
export const CrossChainTaskSubmitted = defineEvent(
  'corex.cross-chain-task.submitted',
  1,
  z.object({
    taskId: crossChainTaskIdSchema,
    originChain: bridgeChainSchema,
    source: taskSourceSchema,
    submitter: chainAccountSchema,
    token: chainAccountSchema,
    escrow: wei,
    /** keccak256 of the spec's UTF-8 bytes. */
    specHash: bytes32,
    spec: z.string().max(4096).optional(),
    jobId: idSchema,
    accountId: idSchema,
    receivedAt: isoTimeSchema,
  }),
);
export type CrossChainTaskSubmittedData = DataOf<typeof CrossChainTaskSubmitted>;

/** A task was refused (code `BRIDGE.*`); when its escrow can be refunded a `failed` status is queued with it. */
export const CrossChainTaskRejected = defineEvent(
  'corex.cross-chain-task.rejected',
  1,
  z.object({
    taskId: crossChainTaskIdSchema,
    originChain: bridgeChainSchema,
    source: taskSourceSchema,
    code: z.string().regex(/^BRIDGE\.[A-Z_]+$/).max(64),
    reason: z.string().max(500),
    rejectedAt: isoTimeSchema,
  }),
);
export type CrossChainTaskRejectedData = DataOf<typeof CrossChainTaskRejected>;

/** The TaskStatus message body (payload type 2): hashes are bytes32, zero when there is none. */
const statusMessage = {
  taskId: crossChainTaskIdSchema,
  targetChain: bridgeChainSchema,
  status: z.enum(taskStatuses),
  verification: z.enum(taskVerifications),
  resultHash: bytes32,
  weightsHash: bytes32,
};

/** A status is due to go back to the task's origin chain (the bridge's intent). */
export const CrossChainStatusQueued = defineEvent('corex.cross-chain-task.status-queued', 1, z.object({ ...statusMessage, queuedAt: isoTimeSchema }));
export type CrossChainStatusQueuedData = DataOf<typeof CrossChainStatusQueued>;

/** CorexHub.publishStatus mined on the home chain: the Wormhole message `sequence` carries it (EVM targets only). */
export const CrossChainStatusPublished = defineEvent(
  'corex.cross-chain-task.status-published',
  1,
  z.object({ taskId: crossChainTaskIdSchema, status: z.enum(taskStatuses), txHash: bytes32, sequence, publishedAt: isoTimeSchema }),
);
export type CrossChainStatusPublishedData = DataOf<typeof CrossChainStatusPublished>;

/** The status reached the origin: TaskPortal.receiveStatus mined (`txHash`), or the Solana status memo / escrow transfer landed (`signature`). */
export const CrossChainStatusDelivered = defineEvent(
  'corex.cross-chain-task.status-delivered',
  1,
  z.object({ taskId: crossChainTaskIdSchema, status: z.enum(taskStatuses), txHash: bytes32.optional(), signature: solanaSignature.optional(), deliveredAt: isoTimeSchema }),
);
export type CrossChainStatusDeliveredData = DataOf<typeof CrossChainStatusDelivered>;

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

export const bridgeEvents = [
  CrossChainTaskSubmitted,
  CrossChainTaskRejected,
  CrossChainStatusQueued,
  CrossChainStatusPublished,
  CrossChainStatusDelivered,
  PayoutRouteChosen,
  RewardTransferQueued,
  RewardTransferPublished,
  RewardTransferDelivered,
  RewardTransferHeld,
] as const;
