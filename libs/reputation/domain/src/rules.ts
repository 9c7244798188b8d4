import type { ReputationComponents, Tier } from '@corex/events';

/**
 * The published rules of reputation (docs/reputation.md prints them). Changing one changes every
 * node's score or tier: change the docs in the same commit.
 */

/** Weights of the weighted sum; `violations` multiplies the sum instead. */
export const COMPONENT_WEIGHTS: Readonly<Record<Exclude<keyof ReputationComponents, 'violations'>, number>> = {
  performance: 0.15,
  uptime: 0.15,
  latency: 0.1,
  load: 0.1,
  history: 0.5,
};

/** Each fraud halves the score: violations = VIOLATION_FACTOR ^ frauds. */
export const VIOLATION_FACTOR = 0.5;

/** performance = clamp(log10(GFLOP/s) / 3, PERFORMANCE_FLOOR, 1): 1 GFLOP/s or less -> 0.1, 1000 -> 1. */
export const PERFORMANCE_FLOOR = 0.1;

/** history's experience term: 1 - exp(-verified / HISTORY_EXPERIENCE_SCALE). */
export const HISTORY_EXPERIENCE_SCALE = 50;
/** history's reliability prior: (verified + p) / (verified + failed + p). */
export const HISTORY_RELIABILITY_PRIOR = 2;

/** Uptime: heartbeat coverage of each window folded in as an exponential moving average. */
export const UPTIME_EMA_ALPHA = 0.1;
/** Latency: per completed lease, allowance / round trip folded in with this weight. */
export const LATENCY_EMA_ALPHA = 0.2;
/** Fixed part of a lease's time allowance: assignment delivery, blob download, upload, commit-reveal. */
export const LATENCY_OVERHEAD_MS = 2_000;
/** A lease may take this many times the compute time its node's GFLOP/s predicts, plus the overhead. */
export const LATENCY_COMPUTE_FACTOR = 3;
/** Load: utilisation sampled at every lease start and end, folded in with this weight. */
export const LOAD_EMA_ALPHA = 0.1;
/** Capacity slots from hardware, as the scheduler counts them: min(16, max(1, floor(cpuCores / 2))). */
export const MAX_SLOTS_FROM_CORES = 16;

/** ReputationChanged when the score moved at least this much (rate limited), or at once on a violation, tier change or milestone. */
export const SCORE_CHANGE_STEP = 0.01;
/** Verified-fragment counts the trust rules look at (replicas below 5, tiers at 20, 50, 100): reaching one is published at once. */
export const VERIFIED_MILESTONES = [5, 20, 50, 100] as const;

/** GFLOP/s, score, verified fragments and stake each tier asks for (docs/reputation.md, "Tiers"). */
export const TIER_THRESHOLDS = {
  standard: { gflops: 5, score: 0.3 },
  /** A node below 5 GFLOP/s still reaches standard by its record. */
  standardByRecord: { score: 0.7, verified: 50 },
  pro: { gflops: 50, score: 0.6, verified: 20, verifiedWithMinStake: 5 },
  elite: { gflops: 500, score: 0.8, verified: 100 },
} as const;

/**
 * A confirmed challenge credits min(claim, this × measured GFLOP/s): the challenge (at most size 1536)
 * cannot tell a claim apart from anything faster than it measures once the fixed overhead dominates.
 */
export const CONFIRMED_CREDIT_FACTOR = 3;

/** Unconfirmed benchmark claims count at most for this tier. */
export const UNCONFIRMED_TIER_CAP: Tier = 'standard';

/** After a fraud the node is capped at its demoted tier until it has this many more verified fragments. */
export const PROBATION_VERIFIED = 20;
/** Third fraud within this window evicts. */
export const EVICTION_WINDOW_MS = 30 * 24 * 3_600_000;
export const EVICTION_FRAUDS = 3;
/** Default suspension after a fraud (REPUTATION_SUSPEND_MS). */
export const DEFAULT_SUSPEND_MS = 10 * 60_000;
/** Default least time between two rate-limited ReputationChanged of one node (REPUTATION_MIN_INTERVAL_MS). */
export const DEFAULT_MIN_INTERVAL_MS = 60_000;

/** What the service configures. */
export interface ReputationSettings {
  minIntervalMs: number;
  suspendMs: number;
}
