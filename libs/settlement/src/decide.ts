import type { EpochClosedData, FragmentRewardedData } from '@corex/events';
import { fragmentReward } from './reward';
import { recordsOfEpoch, type PendingCompletion, type SettlementState } from './state';
import { pocTree, rewardTree, type RewardLeaf } from './trees';
import { versionsToRecord } from './versions';

/** Most payout addresses one closed event names; more wait for the next epoch. */
export const MAX_NEW_PAYOUTS = 4_000;
/** Most model versions one closed event records; more wait for the next epoch. */
export const MAX_MODELS_PER_EPOCH = 1_000;

/**
 * What one verified result earns, in the open epoch, with the boost and reputation the node had
 * when it was verified; null when the job is unknown or it was rewarded.
 */
export function decideReward(state: SettlementState, c: PendingCompletion): FragmentRewardedData | null {
  const { reputationBps } = c;
  const job = state.jobs.get(c.jobId);
  if (!job || state.rewards.has(c.fragmentId)) return null;
  const fragmentRows = job.fragmentRows.get(c.fragmentId) ?? 0;
  const { basePrice, amount } = fragmentReward({
    budget: job.budget,
    fragmentRows,
    jobRows: job.jobRows,
    steps: job.steps,
    boostBps: c.boostBps,
    reputationBps,
    spent: job.spent,
  });
  return {
    jobId: c.jobId,
    accountId: job.accountId,
    fragmentId: c.fragmentId,
    nodeId: c.nodeId,
    leaseId: c.leaseId,
    resultHash: c.resultHash,
    epoch: state.openEpoch,
    basePrice: basePrice.toString(),
    boostBps: c.boostBps,
    reputationBps,
    amount: amount.toString(),
    budget: job.budget.toString(),
    fragmentRows,
    jobRows: job.jobRows,
    steps: job.steps,
    completedAt: c.completedAt,
  };
}

/** Root of an epoch without Proof-of-Compute records (it only pays nodes whose payout arrived); nothing is anchored for it. */
export const NO_RECORDS_ROOT = `0x${'0'.repeat(64)}`;

/**
 * Whether the open epoch is due: the one before it is settled (claims are proven against the
 * latest root only) and either `epochLength` seconds passed since its first reward, or a node
 * that earned without a payout address has bound one since (`payoutArrived`), so it is paid
 * without waiting for new work.
 */
export function epochDue(state: SettlementState, now: Date, epochLengthSeconds: number, payoutArrived = false): boolean {
  if ([...state.epochs.values()].some((e) => !e.settled)) return false;
  if (state.openSince) return now.getTime() - Date.parse(state.openSince) >= epochLengthSeconds * 1_000;
  return payoutArrived;
}

/** Nodes that earned something not paid and have no payout address in the leaves yet. */
export function awaitingPayout(state: SettlementState): string[] {
  return [...state.earned.keys()].filter((n) => !state.payouts.has(n) && (state.earned.get(n) ?? 0n) > (state.paid.get(n) ?? 0n));
}

export interface CloseInputs {
  now: Date;
  epochLength: number;
  /** Payout bound on-chain for each earning node (zero address or absent: none yet). */
  payouts: Map<string, string>;
  batchSize: number;
}

/**
 * Closes the open epoch: its leaves (nodes with a payout; the others accrue), roots, and the model
 * versions to record, each with the fragments root of its contributors' rewarded records.
 */
export function decideClose(state: SettlementState, i: CloseInputs): EpochClosedData {
  const epoch = state.openEpoch;
  const newPayouts: { nodeId: string; payout: string }[] = [];
  const payouts = new Map(state.payouts);
  for (const [nodeId, payout] of i.payouts) {
    if (/^0x0{40}$/i.test(payout) || payouts.get(nodeId) === payout || newPayouts.length >= MAX_NEW_PAYOUTS) continue;
    payouts.set(nodeId, payout);
    newPayouts.push({ nodeId, payout });
  }
  const leaves: RewardLeaf[] = [];
  for (const [nodeId, cumulative] of state.earned) {
    const payout = payouts.get(nodeId);
    if (payout && cumulative > 0n) leaves.push({ nodeId, payout, cumulative });
  }
  const records = recordsOfEpoch(state, epoch);
  return {
    epoch,
    rewardRoot: rewardTree(leaves).root,
    pocRoot: records.length > 0 ? pocTree(records).root : NO_RECORDS_ROOT,
    totalCumulative: leaves.reduce((s, l) => s + l.cumulative, 0n).toString(),
    leaves: leaves.length,
    records: records.length,
    batchSize: i.batchSize,
    payouts: newPayouts,
    models: versionsToRecord(state, MAX_MODELS_PER_EPOCH),
    epochLength: i.epochLength,
    closedAt: i.now.toISOString(),
  };
}
