import { z } from 'zod';
import { defineEvent, type DataOf } from './catalog';
import { idSchema, isoTimeSchema } from './common';
import { sha256Schema } from './fragments';
import { nodeIdSchema } from './nodes';

// Local twins of chain.ts' schemas, so this file stands on its own.
const wei = z.string().regex(/^(0|[1-9]\d{0,77})$/).max(78);
const bytes32 = z.string().regex(/^0x[0-9a-f]{64}$/i).max(66);
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/).max(42);
const txHash = bytes32;
const epoch = z.number().int().positive();

/**
 * What one completed fragment earns (docs/settlement.md): `amount = min(basePrice × boostBps/10000
 * × reputationBps/10000, budget left)`, with `basePrice = budget × fragment rows / (job rows ×
 * steps)`, all in wei. Subject `reward.<fragmentId>`, appended once (expected version 0), so a
 * completion seen twice earns once. The job's account is charged `amount`.
 */
export const FragmentRewarded = defineEvent(
  'corex.fragment.rewarded',
  1,
  z.object({
    jobId: idSchema,
    accountId: idSchema,
    fragmentId: idSchema,
    nodeId: nodeIdSchema,
    leaseId: idSchema,
    resultHash: sha256Schema,
    /** The settlement epoch (MiningPool epoch) whose roots hold this reward and its record. */
    epoch,
    basePrice: wei,
    boostBps: z.number().int().min(0).max(100_000),
    reputationBps: z.number().int().min(0).max(100_000),
    amount: wei,
    /** Inputs of basePrice, so the formula can be shown per fragment. */
    budget: wei,
    fragmentRows: z.number().int().nonnegative(),
    jobRows: z.number().int().nonnegative(),
    steps: z.number().int().positive(),
    completedAt: isoTimeSchema,
  }),
);
export type FragmentRewardedData = DataOf<typeof FragmentRewarded>;

/**
 * A model version as `ProofRegistry.recordModel` records it (docs/model-registry.md). The optional
 * fields came with per-step versions; an older record (the final weights of a job) has none of them.
 */
export const modelRecordSchema = z.object({
  jobId: idSchema,
  weightsHash: sha256Schema,
  accuracyBps: z.number().int().min(0).max(10_000),
  /** The weights the version was trained from; null for fresh weights. */
  parentWeightsHash: sha256Schema.nullable().optional(),
  /** The step (federated: round) that produced it; version number = step + 1. */
  step: z.number().int().nonnegative().optional(),
  /** Standard-tree root of the contributing fragments' Proof-of-Compute records (zero: none known). */
  fragmentsRoot: bytes32.optional(),
});
export type ModelRecordData = z.output<typeof modelRecordSchema>;

/**
 * Epoch N closed (the settlement's intent): its roots and what they were built from. Subject
 * `epoch.<N>`, first event of it. `payouts` are the payout addresses first used (or changed) in
 * this epoch's leaves; earlier ones carry over.
 */
export const EpochClosed = defineEvent(
  'corex.epoch.closed',
  1,
  z.object({
    epoch,
    rewardRoot: bytes32,
    pocRoot: bytes32,
    totalCumulative: wei,
    leaves: z.number().int().nonnegative(),
    records: z.number().int().nonnegative(),
    batchSize: z.number().int().positive().max(1_000),
    payouts: z.array(z.object({ nodeId: nodeIdSchema, payout: address })).max(4_000),
    models: z.array(modelRecordSchema).max(1_000),
    /** MiningPool.epochLength (seconds) when it closed. */
    epochLength: z.number().int().positive(),
    closedAt: isoTimeSchema,
  }),
);
export type EpochClosedData = DataOf<typeof EpochClosed>;

/** One `claimForMany` batch of epoch N mined: what it paid to whom. */
export const EpochClaimed = defineEvent(
  'corex.epoch.claimed',
  1,
  z.object({
    epoch,
    batch: z.number().int().nonnegative(),
    txHash,
    payments: z
      .array(z.object({ nodeId: nodeIdSchema, payout: address, amount: wei, cumulative: wei }))
      .max(1_000),
  }),
);
export type EpochClaimedData = DataOf<typeof EpochClaimed>;

/** Epoch N settled on-chain (the result): roots posted and anchored, models recorded, every earning node paid. */
export const EpochSettled = defineEvent(
  'corex.epoch.settled',
  1,
  z.object({
    epoch,
    rewardRoot: bytes32,
    pocRoot: bytes32,
    totalCumulative: wei,
    leaves: z.number().int().nonnegative(),
    txHashes: z.object({
      postRoot: txHash.nullable(),
      /** null for an epoch without records (it only paid nodes whose payout arrived). */
      anchor: txHash.nullable(),
      /** One per EpochClosed.models entry, same order. */
      models: z.array(txHash).max(1_000),
      claims: z.array(txHash).max(10_000),
    }),
    settledAt: isoTimeSchema,
  }),
);
export type EpochSettledData = DataOf<typeof EpochSettled>;

export const settlementEvents = [FragmentRewarded, EpochClosed, EpochClaimed, EpochSettled] as const;
