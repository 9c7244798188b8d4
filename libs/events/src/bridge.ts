import { z } from 'zod';
import { defineEvent, type DataOf } from './catalog';
import { idSchema, isoTimeSchema } from './common';
import { bytes32Schema, evmAddressSchema, weiSchema } from './chain';

/*
 * The multichain compute bridge (docs/bridge.md): tasks submitted on another chain (a TaskPortal's
 * Wormhole message, or a CXT transfer to the Solana escrow), the statuses sent back to their origin,
 * and (bridge-rewards.ts) nodes' rewards carried to the chain each node chose. Amounts are 18-decimal wei everywhere
 * (a Solana amount of 9-decimal units is scaled by 1e9).
 */

const wei = weiSchema;
const bytes32 = bytes32Schema;
const evmAddress = evmAddressSchema;
/** A Solana public key or signature in base58 (no 0, O, I, l). */
const base58 = (min: number, max: number) => z.string().regex(new RegExp(`^[1-9A-HJ-NP-Za-km-z]{${min},${max}}$`)).max(max);
export const solanaAddressSchema = base58(32, 44);
export const solanaSignatureSchema = base58(64, 88);
/** A Wormhole sequence (u64) as a decimal string. */
export const wormholeSequenceSchema = z.string().regex(/^(0|[1-9]\d{0,19})$/).max(20);
const solanaAddress = solanaAddressSchema;
const solanaSignature = solanaSignatureSchema;
const sequence = wormholeSequenceSchema;

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

/** Where a cancel request was read: TaskPortal's CancelRequested log, or a Solana transaction. */
export const cancelSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('log'), txHash: bytes32, logIndex: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('solana'), signature: solanaSignature, slot: z.number().int().nonnegative() }),
]);

/** The task's submitter asked to cancel it on its origin chain; the job is cancelled and `cancelled` goes back with the refund. */
export const CrossChainCancelRequested = defineEvent(
  'corex.cross-chain-task.cancel-requested',
  1,
  z.object({ taskId: crossChainTaskIdSchema, requester: chainAccountSchema, source: cancelSourceSchema, requestedAt: isoTimeSchema }),
);
export type CrossChainCancelRequestedData = DataOf<typeof CrossChainCancelRequested>;

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

export const bridgeTaskEvents = [
  CrossChainTaskSubmitted,
  CrossChainTaskRejected,
  CrossChainCancelRequested,
  CrossChainStatusQueued,
  CrossChainStatusPublished,
  CrossChainStatusDelivered,
] as const;
