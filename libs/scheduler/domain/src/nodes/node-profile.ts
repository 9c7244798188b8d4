import type { Benchmark, Hardware, JobRequirements } from '@corex/events';
import { ValidationError } from '@corex/platform';

export type NodeTier = NonNullable<JobRequirements['minTier']>;

/** Tiers from lowest to highest; a node meets `minTier` when its tier is at or above it. */
export const nodeTiers: readonly NodeTier[] = ['edge', 'standard', 'pro', 'elite'];

/**
 * Benchmark GFLOP/s (ONNX MatMul, `NodeBenchmarked`) at which a node enters each tier:
 * below 5 is a phone, board or small laptop; 5 a desktop CPU; 50 a workstation or small GPU;
 * 500 a data-centre GPU. Used until the reputation service assigns tiers.
 */
export const TIER_GFLOPS_THRESHOLDS: Readonly<Record<Exclude<NodeTier, 'edge'>, number>> = {
  standard: 5,
  pro: 50,
  elite: 500,
};

/** What the scheduler knows about a node; optional fields take neutral defaults. */
export interface NodeInput {
  readonly nodeId: string;
  readonly memoryBytes: number;
  readonly gpus: number;
  readonly gflops: number;
  /** Fragments the node runs at once; default 1. */
  readonly capacitySlots?: number;
  /** Default: from gflops, see TIER_GFLOPS_THRESHOLDS. */
  readonly tier?: NodeTier;
  /** 0..1; default 0.5 until the reputation service scores the node. */
  readonly reputation?: number;
  /** 1.0 (no stake) or 1.1..3.0 (StakingPool.boostOf / 10000); default 1.0 until staking reports a stake. */
  readonly stakeBoost?: number;
  /** Active stake in wei (default 0): what a job's `requirements.minStake` is checked against. */
  readonly activeStakeWei?: bigint;
  /** Active stake ≥ the pool's verifier threshold (default false); recorded for the trust checks. */
  readonly verifier?: boolean;
}

/** A node with every field settled. */
export type NodeProfile = Required<NodeInput>;

export const NEUTRAL_REPUTATION = 0.5;
export const NO_STAKE_BOOST = 1;
const MAX_SLOTS = 1024;
const MAX_SLOTS_FROM_CORES = 16;

/** The tier a benchmark result earns. */
export function tierFromGflops(gflops: number): NodeTier {
  if (gflops >= TIER_GFLOPS_THRESHOLDS.elite) return 'elite';
  if (gflops >= TIER_GFLOPS_THRESHOLDS.pro) return 'pro';
  if (gflops >= TIER_GFLOPS_THRESHOLDS.standard) return 'standard';
  return 'edge';
}

/**
 * The tier of a node the reputation service has not tiered yet: its benchmark is only a claim
 * until a challenge confirms it, so it earns at most 'standard' (docs/reputation.md).
 */
export function unratedTier(gflops: number): NodeTier {
  const claimed = tierFromGflops(gflops);
  return tierRank(claimed) > tierRank('standard') ? 'standard' : claimed;
}

/** Position of a tier in `nodeTiers` (edge 0 .. elite 3). */
export function tierRank(tier: NodeTier): number {
  return nodeTiers.indexOf(tier);
}

/** Applies defaults and checks ranges. Throws ValidationError `SCHEDULER.NODE_INVALID`. */
export function nodeProfile(input: NodeInput): NodeProfile {
  const profile: NodeProfile = {
    capacitySlots: 1,
    tier: tierFromGflops(input.gflops),
    reputation: NEUTRAL_REPUTATION,
    stakeBoost: NO_STAKE_BOOST,
    activeStakeWei: 0n,
    verifier: false,
    ...withoutUndefined(input),
  };
  const problem = profileProblem(profile);
  if (problem) throw new ValidationError('SCHEDULER.NODE_INVALID', problem, { nodeId: input.nodeId });
  return profile;
}

/**
 * Scheduler input from a node's registration report: one slot per two cores (onnxruntime runs
 * a session on several threads), at least 1 and at most 16.
 */
export function nodeInputFromReport(nodeId: string, hardware: Hardware, benchmark: Benchmark): NodeInput {
  return {
    nodeId,
    memoryBytes: hardware.memoryBytes,
    gpus: hardware.gpus.length,
    gflops: benchmark.gflops,
    capacitySlots: Math.min(MAX_SLOTS_FROM_CORES, Math.max(1, Math.floor(hardware.cpuCores / 2))),
  };
}

function profileProblem(p: NodeProfile): string | undefined {
  if (!Number.isSafeInteger(p.memoryBytes) || p.memoryBytes <= 0) return 'memoryBytes must be a positive integer';
  if (!Number.isInteger(p.gpus) || p.gpus < 0) return 'gpus must be a non-negative integer';
  if (!(p.gflops > 0) || !Number.isFinite(p.gflops)) return 'gflops must be positive';
  if (!Number.isInteger(p.capacitySlots) || p.capacitySlots < 1 || p.capacitySlots > MAX_SLOTS) return 'capacitySlots must be 1..1024';
  if (!nodeTiers.includes(p.tier)) return `unknown tier ${p.tier}`;
  if (!(p.reputation >= 0 && p.reputation <= 1)) return 'reputation must be within 0..1';
  if (p.activeStakeWei < 0n) return 'activeStakeWei must not be negative';
  if (p.stakeBoost !== NO_STAKE_BOOST && !(p.stakeBoost >= 1.1 && p.stakeBoost <= 3)) return 'stakeBoost must be 1.0 or 1.1..3.0';
  return undefined;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
