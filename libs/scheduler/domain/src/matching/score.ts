import type { JobPriority } from '../planning/plan-fragments';
import type { NodeProfile, NodeTier } from '../nodes/node-profile';

/**
 * Why a node got a fragment, factor by factor; stored on the assignment.
 * total = tier × reputation × stakeBoost × priority × sizeFit × locality × replica.
 */
export interface ScoreBreakdown {
  /** TIER_WEIGHTS of the node's tier. */
  readonly tier: number;
  /** The node's reputation, 0..1. */
  readonly reputation: number;
  /** The node's stake boost, 1.0..3.0. */
  readonly stakeBoost: number;
  /** PRIORITY_WEIGHTS of the fragment's priority. */
  readonly priority: number;
  /** 0.5 + 0.5 · need / free memory: 1 when the fragment fills what the node offers. */
  readonly sizeFit: number;
  /** LOCALITY_BONUS when the node fetched the fragment's input block lately (see LocalityBook), else 1. */
  readonly locality: number;
  /** REPLICA_VERIFIER_BONUS for a replica given to a verifier-qualified node (stake ≥ the verifier threshold), else 1. */
  readonly replica: number;
  readonly total: number;
}

export const TIER_WEIGHTS: Readonly<Record<NodeTier, number>> = { edge: 1, standard: 1.25, pro: 1.5, elite: 2 };

/**
 * Each priority weighs twice the one below. Since sizeFit lies in (0.5, 1], a higher priority
 * always outscores a lower one on the same node, whatever the sizes.
 */
export const PRIORITY_WEIGHTS: Readonly<Record<JobPriority, number>> = { low: 1, normal: 2, high: 4 };

/** A replica checks another node's work: a node with a verifier's stake is the better judge. */
export const REPLICA_VERIFIER_BONUS = 1.5;

/**
 * A node that already holds the fragment's input block skips the download: worth as much as a
 * verifier's stake on a replica, less than a tier step up from edge to elite or a priority step.
 */
export const LOCALITY_BONUS = 1.5;

/** How well a fragment needing `needBytes` uses `freeBytes`: in (0.5, 1], best fit is 1. */
export function sizeFit(needBytes: number, freeBytes: number): number {
  return 0.5 + 0.5 * Math.min(1, needBytes / freeBytes);
}

/** The published score of giving a fragment of this priority and need to this node. */
export function scoreAssignment(
  node: Pick<NodeProfile, 'tier' | 'reputation' | 'stakeBoost'> & { verifier?: boolean },
  priority: JobPriority,
  needBytes: number,
  freeBytes: number,
  replica = false,
  local = false,
): ScoreBreakdown {
  const factors = {
    tier: TIER_WEIGHTS[node.tier],
    reputation: node.reputation,
    stakeBoost: node.stakeBoost,
    priority: PRIORITY_WEIGHTS[priority],
    sizeFit: sizeFit(needBytes, freeBytes),
    locality: local ? LOCALITY_BONUS : 1,
    replica: replica && node.verifier ? REPLICA_VERIFIER_BONUS : 1,
  };
  const total = factors.tier * factors.reputation * factors.stakeBoost * factors.priority * factors.sizeFit * factors.locality * factors.replica;
  return { ...factors, total };
}
