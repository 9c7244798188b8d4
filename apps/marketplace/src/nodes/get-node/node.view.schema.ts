import { z } from 'zod';
import { benchmarkSchema, evmAddressSchema, hardwareSchema, nodeIdSchema, weiSchema } from '@corex/events';
import { nodeRewardsSchema } from '../../settlement/settlement.view.schema';
import { nodeTrustFields } from './node-trust.view.schema';

const time = z.iso.datetime().max(32);

/** The node's stake as the StakingPool last reported it (corex.stake.changed.v1). */
export const nodeStakeViewSchema = z
  .object({
    active: weiSchema.describe('Active stake in wei (CXT has 18 decimals): counts for boost, minStake and verifier rights'),
    pending: weiSchema.describe('Unstaked, waiting out the cooldown, in wei'),
    boostBps: z.number().int().min(10_000).max(30_000).describe('StakingPool.boostOf: 10000 = 1x .. 30000 = 3x; the scheduler score uses boostBps / 10000'),
    verifier: z.boolean().describe('Active stake at or above the pool’s verifier threshold'),
    staker: evmAddressSchema,
    block: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('Block of the last change'),
    txHash: z.string().max(66).describe('Transaction of the last change'),
  })
  .meta({ id: 'NodeStake' });

/** GET /v1/nodes/{id}: a network member as anyone with an API key sees it. */
export const nodeViewSchema = z
  .object({
    id: nodeIdSchema.describe('The node’s public key (NATS nkey, base32)'),
    name: z.string().max(100),
    status: z
      .enum(['registered', 'benchmarked', 'left', 'suspended', 'evicted'])
      .describe('evicted or suspended (see standing) while the reputation service holds the node out, else where it is in its membership'),
    hardware: hardwareSchema,
    benchmark: benchmarkSchema.nullable().describe('The latest signed benchmark; null before the first'),
    runnerVersion: z.string().max(40),
    registeredAt: time,
    lastBenchmarkAt: time.nullable(),
    benchmarkCount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    stake: nodeStakeViewSchema.nullable().describe('null until the node is staked on-chain'),
    payout: evmAddressSchema.nullable().describe('Where MiningPool pays its rewards (StakingPool.payoutOf); null until bound'),
    rewards: nodeRewardsSchema,
    ...nodeTrustFields,
  })
  .meta({ id: 'Node' });
export type NodeView = z.output<typeof nodeViewSchema>;
