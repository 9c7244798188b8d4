import { z } from 'zod';
import { defineEvent, type DataOf } from './catalog';
import { nodeIdSchema } from './nodes';

/** A uint256 as a decimal string (wei for CXT amounts). */
export const weiSchema = z.string().regex(/^(0|[1-9]\d{0,77})$/).max(78);
export const bytes32Schema = z.string().regex(/^0x[0-9a-f]{64}$/i).max(66);
export const evmAddressSchema = z.string().regex(/^0x[0-9a-fA-F]{40}$/).max(42);

/**
 * A node's stake changed on-chain (Staked, UnstakeRequested, Withdrawn or Slashed), with the
 * StakingPool's state after it. Id `chain:<chainId>:<txHash>:<logIndex>`, subject `stake.<nodeId>`.
 */
export const StakeChanged = defineEvent(
  'corex.stake.changed',
  1,
  z.object({
    /** The node's string id, when a registered node hashes to nodeKey. */
    nodeId: nodeIdSchema.optional(),
    /** keccak256 of the node id string (the StakingPool's key). */
    nodeKey: bytes32Schema,
    staker: evmAddressSchema,
    /** Active stake (counts for boost, verifier rights and votes), wei. */
    active: weiSchema,
    /** Stake waiting out the unstake cooldown, wei. */
    pending: weiSchema,
    /** StakingPool.boostOf after the change: 10000 = 1x .. 30000 = 3x. */
    boostBps: z.number().int().min(10_000).max(30_000),
    verifier: z.boolean(),
    block: z.number().int().nonnegative(),
    txHash: bytes32Schema,
  }),
);
export type StakeChangedData = DataOf<typeof StakeChanged>;

export const chainEvents = [StakeChanged] as const;
