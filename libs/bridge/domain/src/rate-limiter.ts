/**
 * The inbound rate limit of the bridge, the same rule as contracts/bridge/InboundRateLimiter.sol
 * (CorexPeerToken, CorexHub), enforced off-chain for Solana mints. The capacity refills linearly,
 * `capacity(t) = min(dailyCap, capacity(t0) + (t − t0) · dailyCap / 24 h)`, so at most dailyCap
 * (plus one oversize transfer) leaves in any 24 h window. Times are unix seconds; amounts wei.
 */

export const RATE_LIMIT_WINDOW_SECONDS = 86_400;

export interface RateLimits {
  dailyCap: bigint;
  /** A transfer of at least this amount waits `largeTransferDelay` whatever the capacity. */
  largeTransferThreshold: bigint;
  largeTransferDelay: number;
}

/** The capacity left at `at` (unix seconds). */
export interface RateLimiterState {
  capacity: bigint;
  at: number;
}

/** Deliver now (the capacity is spent), or hold until `releaseAt`. */
export type Admission =
  | { kind: 'deliver'; state: RateLimiterState }
  | { kind: 'hold'; reason: 'daily-cap' | 'large-transfer'; releaseAt: number; state: RateLimiterState };

/** A transfer the limiter held: its amount, why and until when. */
export interface HeldTransfer {
  amount: bigint;
  reason: 'daily-cap' | 'large-transfer';
  releaseAt: number;
}

/** A limiter with its full capacity: contracts start full when their limits are first set. */
export function fullRateLimiter(limits: RateLimits, now: number): RateLimiterState {
  return { capacity: limits.dailyCap, at: now };
}

/** What may be delivered at `now` without holding. */
export function capacityAt(state: RateLimiterState, limits: RateLimits, now: number): bigint {
  const refill = (BigInt(Math.max(0, now - state.at)) * limits.dailyCap) / BigInt(RATE_LIMIT_WINDOW_SECONDS);
  const capacity = state.capacity + refill;
  return capacity > limits.dailyCap ? limits.dailyCap : capacity;
}

/** Seconds until the capacity covers `amount` (or is full, for an amount above the cap); rounded up. */
function refillSeconds(limits: RateLimits, available: bigint, amount: bigint): number {
  const need = (amount > limits.dailyCap ? limits.dailyCap : amount) - available;
  if (need <= 0n) return 0;
  const window = BigInt(RATE_LIMIT_WINDOW_SECONDS);
  return Number((need * window + limits.dailyCap - 1n) / limits.dailyCap);
}

/** A new inbound transfer: large ones wait their delay, ones above the capacity wait for the refill, others go now. */
export function admit(state: RateLimiterState, limits: RateLimits, amount: bigint, now: number): Admission {
  const available = capacityAt(state, limits, now);
  if (amount >= limits.largeTransferThreshold) return { kind: 'hold', reason: 'large-transfer', releaseAt: now + limits.largeTransferDelay, state };
  if (amount > available) return { kind: 'hold', reason: 'daily-cap', releaseAt: now + refillSeconds(limits, available, amount), state };
  return { kind: 'deliver', state: { capacity: available - amount, at: now } };
}

/**
 * A held transfer asked for again at `now`: delivered once due and covered by the capacity (one
 * above the cap only from a full capacity, which it empties); otherwise held until it could be.
 */
export function release(state: RateLimiterState, limits: RateLimits, held: HeldTransfer, now: number): Admission {
  if (now < held.releaseAt) return { kind: 'hold', reason: held.reason, releaseAt: held.releaseAt, state };
  const available = capacityAt(state, limits, now);
  if (held.amount > available && available < limits.dailyCap) {
    return { kind: 'hold', reason: 'daily-cap', releaseAt: now + refillSeconds(limits, available, held.amount), state };
  }
  return { kind: 'deliver', state: { capacity: held.amount > available ? 0n : available - held.amount, at: now } };
}
