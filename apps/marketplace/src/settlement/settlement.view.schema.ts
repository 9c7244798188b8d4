import { z } from 'zod';

const wei = z.string().regex(/^\d{1,78}$/).max(78).describe('wei (CXT has 18 decimals), decimal string');
const bytes32 = z.string().regex(/^0x[0-9a-f]{64}$/).max(66);
const txHash = bytes32.describe('Transaction hash');
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const id = z.string().max(128);

export const REWARD_FORMULA =
  'amount = min(floor(basePrice × boostBps × reputationBps / 10000²), budget − spent before it); basePrice = floor(budget × fragmentRows / (jobRows × steps))';

/** GET /v1/jobs/{id}: what the job has cost so far. */
export const jobCostSchema = z
  .object({
    budget: wei.describe('The job’s budget in wei'),
    spent: wei.describe('Σ of its fragments’ rewards so far, in wei: never above budget'),
    rewardedFragments: count,
  })
  .meta({ id: 'JobCost' });
export type JobCost = z.output<typeof jobCostSchema>;

/** One fragment's reward with the inputs of its formula. */
export const fragmentCostSchema = z
  .object({
    fragmentId: id,
    nodeId: id,
    epoch: count.describe('The settlement epoch whose roots hold this reward and its Proof-of-Compute record'),
    basePrice: wei,
    boostBps: z.number().int().min(0).max(100_000).describe('The node’s StakingPool boost at completion (10000 = 1x)'),
    reputationBps: z.number().int().min(0).max(100_000).describe('Reputation factor; 10000 (neutral) until the trust issue'),
    amount: wei,
    fragmentRows: count,
    jobRows: count,
    steps: count,
    completedAt: z.iso.datetime().max(32),
  })
  .meta({ id: 'FragmentCost' });

export const jobCostPageSchema = z
  .object({
    formula: z.string().max(400),
    cost: jobCostSchema,
    items: z.array(fragmentCostSchema).max(1000),
    nextCursor: z.string().max(200).nullable(),
  })
  .meta({ id: 'JobCostPage' });
export type JobCostPage = z.output<typeof jobCostPageSchema>;

/** One fragment's Proof-of-Compute record and its inclusion proof in the epoch's anchored root. */
export const fragmentProofSchema = z
  .object({
    fragmentId: id,
    epoch: count,
    /** null while the epoch is open (not anchored yet). */
    root: bytes32.nullable().describe('ProofRegistry.anchorOf(epoch).root; null while the epoch is still open'),
    anchored: z.boolean().describe('The epoch’s settlement finished: root posted, anchored, nodes paid'),
    anchorTxHash: txHash.nullable(),
    leaf: z
      .object({ jobId: bytes32, fragmentId: bytes32, nodeId: bytes32, leaseId: bytes32, resultHash: bytes32 })
      .describe('ProofRegistry leaf fields: keccak256 of the id strings, the result’s sha256 as bytes32'),
    ids: z.object({ jobId: id, fragmentId: id, nodeId: id, leaseId: id, resultHash: z.string().max(64) }),
    proof: z.array(bytes32).max(64).nullable().describe('OZ StandardMerkleTree proof for ProofRegistry.verifyRecord; null while open'),
  })
  .meta({ id: 'FragmentProof' });
export type FragmentProof = z.output<typeof fragmentProofSchema>;

export const jobProofsPageSchema = z
  .object({ items: z.array(fragmentProofSchema).max(1000), nextCursor: z.string().max(200).nullable() })
  .meta({ id: 'JobProofsPage' });
export type JobProofsPage = z.output<typeof jobProofsPageSchema>;

/** GET /v1/nodes/{id}: what the node earned and was paid on-chain. */
export const nodeRewardsSchema = z
  .object({
    earned: wei.describe('Σ of its fragments’ rewards'),
    pending: wei.describe('Earned, not paid on-chain yet (paid at the next epoch once a payout address is bound)'),
    paid: wei.describe('Paid by MiningPool.claimForMany'),
    payments: z
      .array(z.object({ epoch: count, amount: wei, txHash }))
      .max(100)
      .describe('Newest first, at most 100'),
  })
  .meta({ id: 'NodeRewards' });
export type NodeRewards = z.output<typeof nodeRewardsSchema>;
