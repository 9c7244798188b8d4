import type { ChainEvent } from '@corex/chain';
import { subjects, type NewEvent } from '@corex/events';

/** A node's StakingPool state at one block, as StakeChanged carries it. */
export interface NodeStakeState {
  staker: string;
  active: bigint;
  pending: bigint;
  boostBps: number;
  verifier: boolean;
}

/** What the mapping needs besides the log: string ids behind keys, and the stake state at a block. */
export interface ChainFactContext {
  /** The registered node / account id whose keccak256 is `key`, if one is known. */
  nodeIdOf(key: string): string | undefined;
  accountIdOf(key: string): string | undefined;
  stakeAt(nodeKey: string, block: number): Promise<NodeStakeState>;
}

/** One event for the log: its aggregate subject and the event (id = the chain event's id). */
export interface ChainFact {
  subject: string;
  event: NewEvent;
}

const STAKE_CAUSES: Record<string, 'staked' | 'unstake-requested' | 'withdrawn' | 'slashed'> = {
  Staked: 'staked',
  UnstakeRequested: 'unstake-requested',
  Withdrawn: 'withdrawn',
  Slashed: 'slashed',
};

const hex = (v: unknown) => String(v).toLowerCase();

/**
 * The log events one contract log means (issue 11): StakingPool's Staked / UnstakeRequested /
 * Withdrawn / Slashed → `corex.stake.changed.v1` (and `corex.node.slashed.v1` before it for
 * Slashed), PayoutBound → `corex.payout.bound.v1`; MiningPool's Deposited →
 * `corex.account.deposited.v1`, RewardPaid → `corex.reward.paid.v1`. Other logs mean nothing to
 * the log. Ids are the chain event's id, with `:slashed` for the second event of a Slashed log.
 */
export async function chainFactsOf(e: ChainEvent, ctx: ChainFactContext): Promise<ChainFact[]> {
  const onChain = { block: e.blockNumber, txHash: hex(e.transactionHash) };
  if (e.contract === 'StakingPool') {
    const nodeKey = hex(e.args.nodeId);
    const nodeId = ctx.nodeIdOf(nodeKey);
    const subject = subjects.stake(nodeId ?? nodeKey);
    const node = { ...(nodeId ? { nodeId } : {}), nodeKey };
    const facts: ChainFact[] = [];
    if (e.name === 'PayoutBound') {
      facts.push({ subject, event: { id: e.id, type: 'corex.payout.bound.v1', data: { ...node, payout: String(e.args.payout), proofHash: hex(e.args.proofHash), ...onChain } } });
    }
    if (e.name === 'Slashed') {
      const data = { ...node, amount: String(e.args.amount), evidenceHash: hex(e.args.evidenceHash), treasury: String(e.args.treasury), ...onChain };
      facts.push({ subject, event: { id: `${e.id}:slashed`, type: 'corex.node.slashed.v1', data } });
    }
    const cause = STAKE_CAUSES[e.name];
    if (cause) {
      const s = await ctx.stakeAt(nodeKey, e.blockNumber);
      const data = { ...node, cause, staker: s.staker, active: s.active.toString(), pending: s.pending.toString(), boostBps: s.boostBps, verifier: s.verifier, ...onChain };
      facts.push({ subject, event: { id: e.id, type: 'corex.stake.changed.v1', data } });
    }
    return facts;
  }
  if (e.contract === 'MiningPool' && e.name === 'Deposited') {
    const accountKey = hex(e.args.accountId);
    const accountId = ctx.accountIdOf(accountKey);
    const data = { ...(accountId ? { accountId } : {}), accountKey, from: String(e.args.from), amount: String(e.args.amount), ...onChain };
    return [{ subject: subjects.funds(accountId ?? accountKey), event: { id: e.id, type: 'corex.account.deposited.v1', data } }];
  }
  if (e.contract === 'MiningPool' && e.name === 'RewardPaid') {
    const nodeKey = hex(e.args.nodeId);
    const nodeId = ctx.nodeIdOf(nodeKey);
    const data = { ...(nodeId ? { nodeId } : {}), nodeKey, payout: String(e.args.payout), amount: String(e.args.amount), cumulative: String(e.args.cumulative), ...onChain };
    return [{ subject: subjects.stake(nodeId ?? nodeKey), event: { id: e.id, type: 'corex.reward.paid.v1', data } }];
  }
  return [];
}
