import { nodeTiers, type Tier } from '@corex/events';
import { TIER_THRESHOLDS, UNCONFIRMED_TIER_CAP } from './rules';

/** What a tier is judged on. */
export interface TierInput {
  /** Claimed GFLOP/s (or confirmed when `confirmed`). */
  gflops: number;
  /** A challenge confirmed (or measured) `gflops`. */
  confirmed: boolean;
  score: number;
  verified: number;
  atMinStake: boolean;
  verifierStake: boolean;
}

const rank = (t: Tier): number => nodeTiers.indexOf(t);

/** The lower of two tiers. */
export function lowerTier(a: Tier, b: Tier): Tier {
  return rank(a) <= rank(b) ? a : b;
}

/** One tier down, `edge` the floor. */
export function tierBelow(t: Tier): Tier {
  return nodeTiers[Math.max(0, rank(t) - 1)]!;
}

export function isBelow(a: Tier, b: Tier): boolean {
  return rank(a) < rank(b);
}

/** The published tier rules (docs/reputation.md, "Tiers"); unconfirmed claims count at most for `standard`. */
export function tierFor(n: TierInput): Tier {
  const t = TIER_THRESHOLDS;
  const byRules = ((): Tier => {
    if (n.gflops >= t.elite.gflops && n.score >= t.elite.score && n.verified >= t.elite.verified && n.verifierStake) return 'elite';
    const proRecord = n.verified >= t.pro.verified || (n.atMinStake && n.verified >= t.pro.verifiedWithMinStake);
    if (n.gflops >= t.pro.gflops && n.score >= t.pro.score && proRecord) return 'pro';
    if (n.gflops >= t.standard.gflops && n.score >= t.standard.score) return 'standard';
    if (n.score >= t.standardByRecord.score && n.verified >= t.standardByRecord.verified) return 'standard';
    return 'edge';
  })();
  return n.confirmed ? byRules : lowerTier(byRules, UNCONFIRMED_TIER_CAP);
}
