/** Mean interval between random challenges of a node at reputation ≤ 0.5 (or unscored), as a multiple of the configured interval. */
const LOW_REPUTATION = 0.5;
/** At reputation 1 the mean interval is this many times the configured one (10 min -> 2 h by default). */
export const TRUSTED_INTERVAL_FACTOR = 12;

/**
 * Mean time between random challenges of a node: `baseIntervalMs` (CHALLENGE_INTERVAL_MS, 10 min
 * by default) at reputation ≤ 0.5 or never scored, rising linearly to 12× at reputation 1.
 */
export function meanChallengeIntervalMs(reputation: number | null, baseIntervalMs: number): number {
  const trust = reputation === null ? 0 : Math.min(1, Math.max(0, (reputation - LOW_REPUTATION) / (1 - LOW_REPUTATION)));
  return baseIntervalMs * (1 + (TRUSTED_INTERVAL_FACTOR - 1) * trust);
}

/** Unstarted expiries in a row stretch the interval by 2^n, up to 2^MAX_MISSED_DOUBLINGS (a node that went away without `leave`). */
export const MAX_MISSED_DOUBLINGS = 6;

/**
 * Delay until a node's next random challenge: exponential with the mean above (a Poisson process),
 * so a node cannot predict when it comes. `random` is uniform in [0, 1). `missedInARow`: its last
 * challenges expired without a start (offline, or ignoring them: its claim stays unconfirmed).
 */
export function nextChallengeDelayMs(reputation: number | null, baseIntervalMs: number, random: () => number, missedInARow = 0): number {
  const mean = meanChallengeIntervalMs(reputation, baseIntervalMs) * 2 ** Math.min(missedInARow, MAX_MISSED_DOUBLINGS);
  return Math.max(0, Math.round(-mean * Math.log(1 - random())));
}
