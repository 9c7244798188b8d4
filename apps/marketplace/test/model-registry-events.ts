import {
  EpochClosed,
  EpochSettled,
  FragmentCompleted,
  FragmentRewarded,
  JobStepCompleted,
  subjects,
  type FragmentRewardedData,
  type JobStepCompletedData,
} from '@corex/events';
import { pocTree } from '@corex/settlement';
import { appendFragmentVerified } from '../../../test/support/fragment-verified';
import type { Harness } from './marketplace-harness';
import { work } from './work-events';

export const NODE_C = 'C'.repeat(56);
const CXT = 10n ** 18n;
export const tx = (c: string) => `0x${c.repeat(64)}`;
export const ANCHOR_TX = tx('7');
export const MODEL_TX = tx('8');

/** The last stream sequence each projection must reach, by the subjects it reads. */
export interface Seqs {
  job: number;
  reward: number;
  epoch: number;
  last: number;
}

/** A step event as the scheduler's training pipeline writes it, with every provenance field. */
export function stepEvent(jobId: string, step: number, fields: Partial<JobStepCompletedData>) {
  const data: JobStepCompletedData = {
    jobId, step, loss: 1 - 0.2 * step, accuracy: 0.5 + 0.1 * step, weightsHash: 'f'.repeat(64), optimizer: 'adam', rule: 'krum',
    participants: [], rejected: [], stragglers: [], accepted: true, validationLoss: 1.1 - 0.2 * step, completedAt: new Date(Date.UTC(2026, 10, 30, 9, step)).toISOString(),
    ...fields,
  };
  return { type: JobStepCompleted.type, data };
}

/** A fragment assigned and completed by `nodeId` under lease `<id>-l`, then (optionally) verified. */
export async function completeFragment(h: Harness, jobId: string, fragmentId: string, nodeId: string, verified: boolean): Promise<number> {
  const leaseId = `${fragmentId}-l`;
  let seq = await h.append(subjects.fragment(fragmentId), [work.assigned(jobId, fragmentId, leaseId, nodeId)]);
  const completed = work.fragmentCompleted(jobId, fragmentId, leaseId, 10, nodeId);
  seq = await h.append(subjects.fragment(fragmentId), [{ type: FragmentCompleted.type, data: { ...(completed.data as object), resultHash: resultHashOf(fragmentId) } }]);
  if (verified) await appendFragmentVerified(h.log, { fragmentId, jobId, nodeId, leaseId, resultHash: resultHashOf(fragmentId) });
  return seq;
}

export const resultHashOf = (fragmentId: string) => Buffer.from(fragmentId.padEnd(32, '.').slice(-32)).toString('hex');

export function rewardOf(jobId: string, accountId: string, fragmentId: string, nodeId: string, epoch: number): FragmentRewardedData {
  return {
    jobId, accountId, fragmentId, nodeId, leaseId: `${fragmentId}-l`, resultHash: resultHashOf(fragmentId), epoch, basePrice: CXT.toString(), boostBps: 10_000,
    reputationBps: 10_000, amount: CXT.toString(), budget: (5n * CXT).toString(), fragmentRows: 10, jobRows: 20, steps: 3, completedAt: '2026-11-30T09:00:00.000Z',
  };
}

export async function appendRewards(h: Harness, rewards: FragmentRewardedData[]): Promise<number> {
  let seq = 0;
  for (const r of rewards) seq = await h.append(subjects.reward(r.fragmentId), [{ type: FragmentRewarded.type, data: r }]);
  return seq;
}

/** Epoch 1 closes with the rewards' records and one model record (version 1, whose contributors are those records), then settles. */
export async function closeEpochOne(h: Harness, rewards: FragmentRewardedData[], model: { jobId: string; weightsHash: string }): Promise<{ seq: number; pocRoot: string }> {
  const pocRoot = pocTree(rewards).root;
  const closed = {
    epoch: 1, rewardRoot: tx('4'), pocRoot, totalCumulative: '0', leaves: 0, records: rewards.length, batchSize: 100, payouts: [],
    models: [{ ...model, accuracyBps: 5000, step: 0, parentWeightsHash: null, fragmentsRoot: pocRoot }], epochLength: 5, closedAt: '2026-11-30T09:10:00.000Z',
  };
  const settled = {
    epoch: 1, rewardRoot: tx('4'), pocRoot, totalCumulative: '0', leaves: 0,
    txHashes: { postRoot: tx('6'), anchor: ANCHOR_TX, models: [MODEL_TX], claims: [] }, settledAt: '2026-11-30T09:11:00.000Z',
  };
  const seq = await h.append(subjects.epoch(1), [
    { type: EpochClosed.type, data: closed },
    { type: EpochSettled.type, data: settled },
  ]);
  return { seq, pocRoot };
}

