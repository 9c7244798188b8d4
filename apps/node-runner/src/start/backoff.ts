/** How long to wait after consecutive failures to reach the scheduler. */
export interface BackoffPolicy {
  initialMs: number;
  capMs: number;
}

/**
 * Exponential backoff with jitter: the n-th consecutive failure (n ≥ 1) waits between half and
 * all of min(cap, initial · 2^(n-1)). The jitter keeps many nodes from retrying in step after a
 * scheduler restart. `random` returns a number in [0, 1).
 */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  if (failures < 1) return 0;
  const ceiling = Math.min(policy.capMs, policy.initialMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** How long to wait after a reply with no work: what the scheduler asked for, at most the cap. */
export function idleDelay(retryAfterMs: number, capMs: number): number {
  return Math.max(0, Math.min(retryAfterMs, capMs));
}
