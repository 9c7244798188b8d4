import type {
  EpochClaimedData,
  EpochClosedData,
  EpochSettledData,
  FragmentCompletedData,
  FragmentRewardedData,
  FragmentVerifiedData,
  JobCompletedData,
  JobFragmentsPlannedData,
  JobStepCompletedData,
  JobSubmittedData,
  ReplicaPlannedData,
  ReputationChangedData,
} from '@corex/events';
import { parseUnits } from 'ethers';
import { boostOf, recordsOfEpoch, reputationBpsOf, type ClosedEpoch, type Payment, type SettlementState } from './state';
import { pocTree, rewardTree, type RewardLeaf } from './trees';
import { applyJobCompleted, applyStepCompleted } from './versions';

/** One stored event as the settlement reads it: type, payload and time appended. */
export interface SettlementInput {
  type: string;
  data: unknown;
  time: string;
}

/** The events the settlement folds; everything else leaves the state as it is. */
export const settlementInputTypes = new Set([
  'corex.job.submitted.v1',
  'corex.job.fragments-planned.v1',
  'corex.fragment.completed.v1',
  'corex.fragment.replica-planned.v1',
  'corex.verification.fragment-verified.v1',
  'corex.verification.fragment-rejected.v1',
  'corex.verification.fraud-detected.v1',
  'corex.reputation.changed.v1',
  'corex.job.step-completed.v1',
  'corex.job.completed.v1',
  'corex.stake.changed.v1',
  'corex.fragment.rewarded.v1',
  'corex.epoch.closed.v1',
  'corex.epoch.claimed.v1',
  'corex.epoch.settled.v1',
]);

/** Folds one event into the state (in place: the state is the settlement's working memory). Repeats are no-ops. */
export function evolve(state: SettlementState, input: SettlementInput): SettlementState {
  switch (input.type) {
    case 'corex.job.submitted.v1': {
      const d = input.data as JobSubmittedData;
      if (!state.jobs.has(d.jobId)) {
        state.jobs.set(d.jobId, {
          jobId: d.jobId,
          accountId: d.accountId,
          type: d.type,
          budget: parseUnits(d.budget, 18),
          spent: 0n,
          jobRows: 0,
          steps: 1,
          fragmentRows: new Map(),
          stepFragments: new Map(),
        });
      }
      break;
    }
    case 'corex.job.fragments-planned.v1': {
      const d = input.data as JobFragmentsPlannedData;
      const job = state.jobs.get(d.jobId);
      if (!job) break;
      job.jobRows = d.totalRows;
      job.steps = d.totalSteps;
      for (const f of d.fragments) job.fragmentRows.set(f.fragmentId, f.size.rows);
      if (job.type === 'training') job.stepFragments.set(d.step, d.fragments.map((f) => f.fragmentId));
      break;
    }
    case 'corex.fragment.completed.v1': {
      // Paid only once verified: remember when it completed, for the reward.
      const d = input.data as FragmentCompletedData;
      if (!state.rewards.has(d.fragmentId) && state.jobs.has(d.jobId)) state.completions.set(d.leaseId, d.completedAt);
      break;
    }
    case 'corex.fragment.replica-planned.v1': {
      // A replica is paid on its original's rows.
      const d = input.data as ReplicaPlannedData;
      const job = state.jobs.get(d.jobId);
      if (job && !job.fragmentRows.has(d.fragmentId)) job.fragmentRows.set(d.fragmentId, job.fragmentRows.get(d.replicaOf) ?? d.size.rows);
      break;
    }
    case 'corex.verification.fragment-verified.v1': {
      const d = input.data as FragmentVerifiedData;
      const completedAt = state.completions.get(d.leaseId) ?? d.verifiedAt;
      state.completions.delete(d.leaseId);
      if (state.rewards.has(d.fragmentId) || state.unrewarded.has(d.fragmentId) || !state.jobs.has(d.jobId)) break;
      state.unrewarded.set(d.fragmentId, {
        jobId: d.jobId,
        fragmentId: d.fragmentId,
        nodeId: d.nodeId,
        leaseId: d.leaseId,
        resultHash: d.resultHash,
        completedAt,
        boostBps: boostOf(state, d.nodeId),
        reputationBps: reputationBpsOf(state, d.nodeId),
      });
      break;
    }
    case 'corex.verification.fragment-rejected.v1':
    case 'corex.verification.fraud-detected.v1': {
      // Never paid: a fraud found by a recheck takes back a verified result not rewarded yet.
      const { leaseId } = input.data as { leaseId?: string };
      if (!leaseId) break;
      state.completions.delete(leaseId);
      if (input.type !== 'corex.verification.fraud-detected.v1') break;
      for (const [id, pending] of state.unrewarded) if (pending.leaseId === leaseId) state.unrewarded.delete(id);
      break;
    }
    case 'corex.reputation.changed.v1': {
      const d = input.data as ReputationChangedData;
      state.reputations.set(d.nodeId, d.score);
      break;
    }
    case 'corex.job.step-completed.v1':
      applyStepCompleted(state, input.data as JobStepCompletedData);
      break;
    case 'corex.job.completed.v1':
      applyJobCompleted(state, input.data as JobCompletedData);
      break;
    case 'corex.stake.changed.v1': {
      const d = input.data as { nodeId?: string; boostBps: number };
      if (d.nodeId) state.boosts.set(d.nodeId, d.boostBps);
      break;
    }
    case 'corex.fragment.rewarded.v1':
      applyReward(state, input.data as FragmentRewardedData, input.time);
      break;
    case 'corex.epoch.closed.v1':
      applyClosed(state, input.data as EpochClosedData);
      break;
    case 'corex.epoch.claimed.v1': {
      const d = input.data as EpochClaimedData;
      const epoch = state.epochs.get(d.epoch);
      if (!epoch || epoch.claimed.has(d.batch)) break;
      epoch.claimed.set(d.batch, d.txHash);
      for (const p of d.payments) state.paid.set(p.nodeId, (state.paid.get(p.nodeId) ?? 0n) + BigInt(p.amount));
      break;
    }
    case 'corex.epoch.settled.v1': {
      const d = input.data as EpochSettledData;
      const epoch = state.epochs.get(d.epoch);
      if (epoch) epoch.settled = true;
      break;
    }
  }
  return state;
}

function applyReward(state: SettlementState, d: FragmentRewardedData, time: string): void {
  if (state.rewards.has(d.fragmentId)) return;
  const amount = BigInt(d.amount);
  state.rewards.set(d.fragmentId, {
    jobId: d.jobId,
    accountId: d.accountId,
    fragmentId: d.fragmentId,
    nodeId: d.nodeId,
    leaseId: d.leaseId,
    resultHash: d.resultHash,
    epoch: d.epoch,
    amount,
    completedAt: d.completedAt,
  });
  state.unrewarded.delete(d.fragmentId);
  const job = state.jobs.get(d.jobId);
  if (job) job.spent += amount;
  state.earned.set(d.nodeId, (state.earned.get(d.nodeId) ?? 0n) + amount);
  if (d.epoch === state.openEpoch) state.openSince ??= time;
}

/**
 * The epoch's leaves are rebuilt from the state at the point the event stands in the log (every
 * reward of epochs ≤ N precedes it), with the payouts it names: the same tree on every replay.
 */
function applyClosed(state: SettlementState, d: EpochClosedData): void {
  if (state.epochs.has(d.epoch)) return;
  for (const p of d.payouts) state.payouts.set(p.nodeId, p.payout);
  const leaves: RewardLeaf[] = [];
  for (const [nodeId, cumulative] of state.earned) {
    const payout = state.payouts.get(nodeId);
    if (payout && cumulative > 0n) leaves.push({ nodeId, payout, cumulative });
  }
  leaves.sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1));
  const payable: Payment[] = leaves
    .filter((l) => l.cumulative > (state.paid.get(l.nodeId) ?? 0n))
    .map((l) => ({ nodeId: l.nodeId, payout: l.payout, cumulative: l.cumulative, amount: l.cumulative - (state.paid.get(l.nodeId) ?? 0n) }));
  const batches: Payment[][] = [];
  for (let i = 0; i < payable.length; i += d.batchSize) batches.push(payable.slice(i, i + d.batchSize));
  const records = recordsOfEpoch(state, d.epoch);
  const epoch: ClosedEpoch = {
    epoch: d.epoch,
    rewardRoot: d.rewardRoot,
    pocRoot: d.pocRoot,
    totalCumulative: BigInt(d.totalCumulative),
    leaves,
    records,
    models: d.models,
    batchSize: d.batchSize,
    batches,
    claimed: new Map(),
    settled: false,
    closedAt: d.closedAt,
  };
  const rebuilt = rewardTree(leaves).root;
  if (rebuilt !== d.rewardRoot) throw new Error(`epoch ${d.epoch}: reward root ${d.rewardRoot} in the log, ${rebuilt} rebuilt from it`);
  if ((records.length > 0 ? pocTree(records).root : `0x${'0'.repeat(64)}`) !== d.pocRoot) throw new Error(`epoch ${d.epoch}: Proof-of-Compute root differs from the log's`);
  state.epochs.set(d.epoch, epoch);
  for (const m of d.models) {
    state.models.delete(m.weightsHash);
    state.versions.add(m.weightsHash);
  }
  state.openEpoch = d.epoch + 1;
  state.openSince = undefined;
}
