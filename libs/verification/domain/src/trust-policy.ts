import type { VerificationPolicy } from '@corex/events';

/** What the network knows of a node's track record when it decides how to check its work. */
export interface NodeTrust {
  /** Latest reputation score 0..1; null when the reputation service never scored the node. */
  readonly reputation: number | null;
  /** Fragments of the node that passed verification. */
  readonly verifiedFragments: number;
}

/** Below this many verified fragments a node is new: its work runs twice. */
export const NEW_NODE_VERIFIED_FRAGMENTS = 5;
/** Below this reputation a node's work runs twice. */
export const TRUSTED_REPUTATION = 0.5;
/** Spot-check probability at TRUSTED_REPUTATION, and its floor (reached at reputation 0.85). */
export const SPOT_CHECK_MAX = 0.3;
/**
 * 0.09, not 0.05: a trusted node that fakes only work no cheap check covers (inference) must be
 * caught within 50 fragments with probability ≥ 99% (1 − 0.91^50 ≈ 0.991; 0.05 gave 0.923).
 * Measured by `npm run bench verification` (docs/verification.md): extra compute 4.3% -> 5.2%.
 */
export const SPOT_CHECK_MIN = 0.09;

/** New, unscored and low-reputation nodes are untrusted (BOINC's adaptive replication). */
export function isTrusted(trust: NodeTrust): boolean {
  return trust.reputation !== null && trust.verifiedFragments >= NEW_NODE_VERIFIED_FRAGMENTS && trust.reputation >= TRUSTED_REPUTATION;
}

/** Whether a fragment given to this node under this policy also runs on a second node. */
export function needsReplica(trust: NodeTrust, policy: VerificationPolicy | undefined): boolean {
  const mode = policy?.mode ?? 'adaptive';
  if (mode === 'redundancy') return true;
  if (mode === 'spot-check') return false;
  return !isTrusted(trust);
}

/**
 * Probability that a trusted node's result is recomputed: 0.3 × (1 − reputation) / 0.5, falling
 * linearly from SPOT_CHECK_MAX at reputation 0.5, floored at SPOT_CHECK_MIN. A `spot-check`
 * policy fixes it; `redundancy` always checks.
 */
export function spotCheckProbability(trust: NodeTrust, policy: VerificationPolicy | undefined): number {
  if (policy?.mode === 'spot-check') return policy.rate;
  if (policy?.mode === 'redundancy' || !isTrusted(trust)) return 1;
  const r = trust.reputation ?? 0;
  const p = SPOT_CHECK_MAX * ((1 - r) / (1 - TRUSTED_REPUTATION));
  return Math.min(SPOT_CHECK_MAX, Math.max(SPOT_CHECK_MIN, p));
}
