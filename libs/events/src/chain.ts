import { z } from 'zod';
import { defineEvent, type DataOf } from './catalog';
import { idSchema } from './common';
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
    /** The log the new state follows (absent in events written before it was added). */
    cause: z.enum(['staked', 'unstake-requested', 'withdrawn', 'slashed']).optional(),
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

/*
 * The other chain facts the staking service reads from the contracts' logs at its confirmation
 * depth (apps/staking, chain ingest). Like StakeChanged: id `chain:<chainId>:<txHash>:<logIndex>`
 * of the log (a replay dedupes); `nodeId` / `accountId` is the string id when a registered node or
 * account hashes to the key, and the subject is `stake.<nodeId or nodeKey>` / `funds.<accountId or accountKey>`.
 */
const nodeRef = {
  nodeId: nodeIdSchema.optional(),
  nodeKey: bytes32Schema,
};
const onChain = { block: z.number().int().nonnegative(), txHash: bytes32Schema };

/** StakingPool.PayoutBound: the node's rewards go to `payout`. */
export const PayoutBound = defineEvent('corex.payout.bound', 1, z.object({ ...nodeRef, payout: evmAddressSchema, proofHash: bytes32Schema, ...onChain }));
export type PayoutBoundData = DataOf<typeof PayoutBound>;

/** StakingPool.Slashed: `amount` wei of the node's stake went to the treasury (a StakeChanged with cause `slashed` follows). */
export const NodeSlashed = defineEvent(
  'corex.node.slashed',
  1,
  z.object({ ...nodeRef, amount: weiSchema, evidenceHash: bytes32Schema, treasury: evmAddressSchema, ...onChain }),
);
export type NodeSlashedData = DataOf<typeof NodeSlashed>;

/** MiningPool.RewardPaid: `amount` wei paid to `payout`; the node's paid total is now `cumulative`. */
export const RewardPaid = defineEvent(
  'corex.reward.paid',
  1,
  z.object({ ...nodeRef, payout: evmAddressSchema, amount: weiSchema, cumulative: weiSchema, ...onChain }),
);
export type RewardPaidData = DataOf<typeof RewardPaid>;

/** MiningPool.Deposited: `amount` wei of CXT fund the account's jobs (aggregate `funds.<accountId>`). */
export const AccountDeposited = defineEvent(
  'corex.account.deposited',
  1,
  z.object({ accountId: idSchema.optional(), accountKey: bytes32Schema, from: evmAddressSchema, amount: weiSchema, ...onChain }),
);
export type AccountDepositedData = DataOf<typeof AccountDeposited>;

export const chainEvents = [StakeChanged, PayoutBound, NodeSlashed, RewardPaid, AccountDeposited] as const;
