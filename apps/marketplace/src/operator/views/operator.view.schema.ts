import { z } from 'zod';
import { benchmarkSchema, checkRecordSchema, fraudEvidenceSchema, hardwareSchema, leaseEndReasons, nodeIdSchema, nodeTierSchema, scoreBreakdownSchema } from '@corex/events';
import { leaseStatuses } from '@corex/marketplace-domain';
import { nodeStakeViewSchema } from '../../nodes/get-node/node.view.schema';
import { nodeTrustFields } from '../../nodes/get-node/node-trust.view.schema';
import { nodeRewardsSchema } from '../../settlement/settlement.view.schema';

const time = z.string().max(64).describe('ISO 8601 time');
const id = z.string().max(128);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const wei = z.string().regex(/^-?\d{1,78}$/).max(79).describe('wei (CXT has 18 decimals), decimal string');
const chainName = z.string().max(32);

/** An event of the log: what decided a lease's state, for the operator to look up. */
export const decidingEventSchema = z
  .object({ type: z.string().max(128), id: id, time, seq: count.describe('Stream sequence of the event') })
  .meta({ id: 'DecidingEvent' });

/** A transaction on the chain where it happened, with a link when the marketplace knows an explorer for that chain. */
export const chainTxSchema = z
  .object({
    chain: chainName.describe('ethereum (home), bsc, arbitrum or solana'),
    evmChainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable().describe('null for Solana, or when no deployment file names the chain'),
    txHash: z.string().max(128).describe('Transaction hash (EVM) or signature (Solana)'),
    explorerUrl: z.string().max(2048).nullable().describe('The transaction on an explorer (COREX_EXPLORER_URLS); null for local devnets'),
  })
  .meta({ id: 'ChainTx' });
export type ChainTx = z.output<typeof chainTxSchema>;

export const payoutRouteViewSchema = z
  .object({ chain: chainName, recipient: z.string().max(64), chosenAt: time })
  .meta({ id: 'OperatorPayoutRoute' });

/** GET /v1/operator/node. */
export const operatorNodeSchema = z
  .object({
    nodeId: nodeIdSchema,
    name: z.string().max(100),
    status: z.string().max(32).describe('registered, benchmarked or left; suspended or evicted while the reputation service holds it out'),
    hardware: hardwareSchema,
    benchmark: benchmarkSchema.nullable(),
    runnerVersion: z.string().max(40),
    registeredAt: time,
    stake: nodeStakeViewSchema.nullable(),
    payout: z
      .object({ address: z.string().max(42).nullable().describe('Home payout MiningPool pays (StakingPool.payoutOf); the bridge’s own address for a remote route'), route: payoutRouteViewSchema.nullable() })
      .describe('Where rewards go'),
    rewards: nodeRewardsSchema,
    leases: z
      .object({
        active: count,
        completed: count,
        verified: count,
        failed: count.describe('Ended by the node or the network without a result: expired, node lost, released, failed'),
        cancelled: count.describe('Closed without a result because its job no longer needed it (cancelled, or the job ended first): not the node’s doing'),
        rejected: count,
        fraud: count,
      })
      .describe('Counts over every lease the node held'),
    ...nodeTrustFields,
  })
  .meta({ id: 'OperatorNode' });
export type OperatorNodeView = z.output<typeof operatorNodeSchema>;

export const allocationSchema = z
  .object({ leaseId: id, fragmentId: id, jobId: id, attempt: count, assignedAt: time, leaseExpiresAt: time, score: scoreBreakdownSchema.describe("The scheduler's score breakdown") })
  .meta({ id: 'OperatorAllocation' });

/** GET /v1/operator/node/allocations. */
export const allocationsSchema = z.object({ items: z.array(allocationSchema).max(1000) }).meta({ id: 'OperatorAllocations' });
export type AllocationsView = z.output<typeof allocationsSchema>;

export const operatorFragmentSchema = z
  .object({
    leaseId: id,
    fragmentId: id,
    jobId: id,
    attempt: count,
    assignedAt: time,
    endedAt: time.nullable(),
    state: z.enum(['active', 'completed', ...leaseEndReasons]).describe('How the lease ended: completed (a result), or why not'),
    resultHash: z.string().max(64).nullable(),
    error: z.object({ code: z.string().max(64), message: z.string().max(500) }).nullable(),
    verification: z.object({
      verdict: z.enum(['verified', 'rejected', 'escalated', 'fraud']).nullable().describe('null: no verdict (yet)'),
      method: z.string().max(32).nullable(),
      checks: z.array(checkRecordSchema).max(16),
      reason: z.string().max(500).nullable(),
      fraud: z.object({ fraudId: id, kind: z.string().max(32), evidenceHash: z.string().max(66), evidence: fraudEvidenceSchema }).nullable().describe('The evidence of a proven fraud: its hash is what the slash carried'),
    }),
    reward: z.object({ amount: wei, epoch: count, epochSettled: z.boolean() }).nullable(),
    status: z.enum(leaseStatuses),
    why: z.string().max(2000).nullable().describe('For every failed or unpaid lease: why, in words; null when running or paid'),
    decidedBy: decidingEventSchema.describe('The latest event about this lease: the one that decided its status'),
  })
  .meta({ id: 'OperatorFragment' });
export type OperatorFragmentView = z.output<typeof operatorFragmentSchema>;

/** GET /v1/operator/node/fragments (and …/{fragmentId}). */
export const operatorFragmentsSchema = z
  .object({ items: z.array(operatorFragmentSchema).max(200), nextCursor: z.string().max(200).nullable() })
  .meta({ id: 'OperatorFragments' });
export type OperatorFragmentsView = z.output<typeof operatorFragmentsSchema>;

export const rewardTransferViewSchema = z
  .object({
    transferId: z.string().max(66),
    targetChain: chainName,
    recipient: z.string().max(64),
    amount: wei,
    status: z.enum(['queued', 'held', 'published', 'delivered']),
    published: chainTxSchema.nullable().describe('CorexHub.bridgeReward on the home chain'),
    delivered: chainTxSchema.nullable().describe('The mint on the target chain'),
    heldUntil: time.nullable(),
  })
  .meta({ id: 'OperatorRewardTransfer' });

export const epochPayoutSchema = z
  .object({
    epoch: count,
    fragments: count.describe('Fragments whose reward falls in this epoch'),
    rewards: wei.describe('Σ of those rewards'),
    status: z.enum(['accrued', 'settled', 'paid']).describe('accrued: the epoch is open; settled: settled without a payment to the node; paid: MiningPool paid the node in it'),
    paid: wei,
    payments: z.array(chainTxSchema.extend({ amount: wei })).max(100).describe('claimForMany batches that paid the node'),
    transfers: z.array(rewardTransferViewSchema).max(100).describe('The bridge carrying the payment to the node’s chosen chain'),
  })
  .meta({ id: 'OperatorEpochPayout' });

/** GET /v1/operator/node/payouts. */
export const payoutsSchema = z
  .object({ earned: wei, paid: wei, pending: wei, epochs: z.array(epochPayoutSchema).max(1000).describe('Newest first') })
  .meta({ id: 'OperatorPayouts' });
export type PayoutsView = z.output<typeof payoutsSchema>;

export const epochReconciliationSchema = z
  .object({
    epoch: count,
    settled: z.boolean(),
    fragments: count.describe('Work: accepted fragments rewarded in this epoch'),
    rewards: wei,
    paid: wei.describe('On-chain payments of this epoch’s claims'),
    cumulativeRewards: wei,
    cumulativePaid: wei,
    outstanding: wei.describe('cumulativeRewards − cumulativePaid (MiningPool leaves are cumulative: a claim pays the difference)'),
    equal: z.boolean(),
    why: z.string().max(500).nullable(),
    txHashes: z.array(z.string().max(66)).max(100),
  })
  .meta({ id: 'OperatorEpochReconciliation' });

/** GET /v1/operator/node/reconciliation. */
export const reconciliationSchema = z
  .object({
    equal: z.boolean().describe('Every settled epoch’s cumulative rewards equal its cumulative payments'),
    totals: z.object({ fragments: count, rewards: wei, paid: wei, outstanding: wei }),
    epochs: z.array(epochReconciliationSchema).max(1000).describe('Oldest first'),
  })
  .meta({ id: 'OperatorReconciliation' });
export type ReconciliationView = z.output<typeof reconciliationSchema>;

/** GET /v1/operator/node/history: series for charts. */
export const historySchema = z
  .object({
    days: z
      .array(z.object({ day: z.string().max(10), leases: count, completed: count, verified: count, failed: count, cancelled: count, earned: wei }))
      .max(366)
      .describe('Per UTC day a lease ended (or began, while running), oldest first, the last 366'),
    epochs: z.array(z.object({ epoch: count, fragments: count, rewards: wei })).max(1000),
    reputation: z.array(z.object({ at: time, score: z.number().min(0).max(1), seq: count })).max(2000),
    tiers: z.array(z.object({ at: time, tier: nodeTierSchema, reason: z.string().max(200).nullable(), seq: count })).max(500),
    standing: z.array(z.object({ at: time, kind: z.enum(['suspended', 'evicted']), reason: z.string().max(200).nullable(), seq: count })).max(500),
  })
  .meta({ id: 'OperatorHistory' });
export type HistoryView = z.output<typeof historySchema>;
