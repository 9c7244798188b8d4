import type { ModelRecordData } from '@corex/events';
import { NEUTRAL_BPS } from './reward';
import type { ComputeRecord, RewardLeaf } from './trees';

export interface RewardFact {
  jobId: string;
  accountId: string;
  fragmentId: string;
  nodeId: string;
  leaseId: string;
  resultHash: string;
  epoch: number;
  amount: bigint;
  completedAt: string;
}

/** A model version as EpochClosed carries it and ProofRegistry.recordModel records it. */
export type ModelRecord = ModelRecordData;

/** A fragment whose Proof-of-Compute record goes into a version's fragments root; nodeId null: whichever node's result was rewarded. */
export interface VersionContributor {
  fragmentId: string;
  nodeId: string | null;
}

/** A model version waiting for the next epoch's close; its fragments root is built then, from the rewarded records. */
export interface PendingVersion {
  record: Omit<ModelRecord, 'fragmentsRoot'>;
  contributors: VersionContributor[];
}

export interface Payment {
  nodeId: string;
  payout: string;
  amount: bigint;
  cumulative: bigint;
}

/** A closed epoch as the settlement needs it to finish: its leaves, records, batches. */
export interface ClosedEpoch {
  epoch: number;
  rewardRoot: string;
  pocRoot: string;
  totalCumulative: bigint;
  leaves: RewardLeaf[];
  records: ComputeRecord[];
  models: ModelRecord[];
  batchSize: number;
  /** What each batch pays, fixed when the epoch closed. */
  batches: Payment[][];
  claimed: Map<number, string>;
  settled: boolean;
  closedAt: string;
}

export interface JobLedger {
  jobId: string;
  accountId: string;
  type: string;
  budget: bigint;
  spent: bigint;
  jobRows: number;
  steps: number;
  fragmentRows: Map<string, number>;
  /** Training jobs: the planned fragments of each step (a version's contributors when its event names no participants). */
  stepFragments: Map<number, string[]>;
  /** Training jobs: the weights of the last step (the parent of the next version when its event does not name one). */
  lastWeightsHash?: string;
}

export interface PendingCompletion {
  jobId: string;
  fragmentId: string;
  nodeId: string;
  leaseId: string;
  resultHash: string;
  completedAt: string;
  /** The node's boost when its result was verified. */
  boostBps: number;
  /** The node's reputation factor when its result was verified (reputationBpsOf). */
  reputationBps: number;
}

/** Everything the settlement knows, folded from the log in order. */
export interface SettlementState {
  jobs: Map<string, JobLedger>;
  boosts: Map<string, number>;
  /** Each node's latest reputation score (0..1), from ReputationChanged. */
  reputations: Map<string, number>;
  /** When each lease completed (FragmentCompleted), until its verdict: the reward's completedAt. */
  completions: Map<string, string>;
  rewards: Map<string, RewardFact>;
  /** Verified fragments (and replicas) not rewarded yet, in order of verification. */
  unrewarded: Map<string, PendingCompletion>;
  /** Model versions waiting for the next epoch's close, by weights hash. */
  models: Map<string, PendingVersion>;
  /** Every weights hash taken as a version (pending or closed): each is recorded once. */
  versions: Set<string>;
  /** Cumulative earnings of each node over every reward. */
  earned: Map<string, bigint>;
  /** What the chain paid each node, from the claimed batches. */
  paid: Map<string, bigint>;
  /** Payout addresses as used in the leaves so far. */
  payouts: Map<string, string>;
  epochs: Map<number, ClosedEpoch>;
  openEpoch: number;
  /** When the open epoch got its first reward or model. */
  openSince?: string;
}

export function initialSettlementState(): SettlementState {
  return {
    jobs: new Map(),
    boosts: new Map(),
    reputations: new Map(),
    completions: new Map(),
    rewards: new Map(),
    unrewarded: new Map(),
    models: new Map(),
    versions: new Set(),
    earned: new Map(),
    paid: new Map(),
    payouts: new Map(),
    epochs: new Map(),
    openEpoch: 1,
  };
}

export function boostOf(state: SettlementState, nodeId: string): number {
  return state.boosts.get(nodeId) ?? NEUTRAL_BPS;
}

/**
 * The reputation factor of a node's rewards: `min(10000, round(20000 × score))` from its latest
 * ReputationChanged: full pay from a score of 0.5 up, less below it (0.25 earns half); full
 * pay (10000) while it has none.
 */
export function reputationBpsOf(state: SettlementState, nodeId: string): number {
  const score = state.reputations.get(nodeId);
  return score === undefined ? NEUTRAL_BPS : Math.min(NEUTRAL_BPS, Math.round(20_000 * score));
}

/** Epochs closed and not settled yet, oldest first (at most one while the settlement runs alone). */
export function unsettledEpochs(state: SettlementState): ClosedEpoch[] {
  return [...state.epochs.values()].filter((e) => !e.settled).sort((a, b) => a.epoch - b.epoch);
}

/** Rewards of one epoch, oldest first: its Proof-of-Compute records. */
export function recordsOfEpoch(state: SettlementState, epoch: number): ComputeRecord[] {
  const out: ComputeRecord[] = [];
  for (const r of state.rewards.values()) {
    if (r.epoch === epoch) out.push({ jobId: r.jobId, fragmentId: r.fragmentId, nodeId: r.nodeId, leaseId: r.leaseId, resultHash: r.resultHash });
  }
  return out;
}

/** A node's rewards earned but not paid on-chain yet. */
export function pendingOf(state: SettlementState, nodeId: string): bigint {
  return (state.earned.get(nodeId) ?? 0n) - (state.paid.get(nodeId) ?? 0n);
}
