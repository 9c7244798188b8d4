/** A node's right to work on a fragment until `expiresAt` (epoch ms). */
export interface Lease {
  /** Fencing token: only a result under the current lease id counts. */
  readonly leaseId: string;
  readonly fragmentId: string;
  readonly nodeId: string;
  /** 1 for the first lease of the fragment, then 2, 3, ... */
  readonly attempt: number;
  readonly expiresAt: number;
}

/** Makes a lease id; must never repeat for one fragment. */
export type LeaseIdFactory = (fragmentId: string, attempt: number) => string;

/** `${fragmentId}-a${attempt}`: deterministic, so a rebuild from the log gives the same ids. */
export const attemptLeaseId: LeaseIdFactory = (fragmentId, attempt) => `${fragmentId}-a${attempt}`;

/**
 * `${fragmentId}-e${epoch}-a${attempt}`: the leader epoch keeps two schedulers (one deposed, one
 * elected) from ever issuing the same id; attempts are counted from the log.
 */
export function epochLeaseId(epoch: number): LeaseIdFactory {
  return (fragmentId, attempt) => `${fragmentId}-e${epoch}-a${attempt}`;
}

/** Why a result (or a release) under a lease is refused; stable codes. */
export const leaseRefusalCodes = [
  /** No open lease for that fragment: unknown, still queued, completed or cancelled. */
  'LEASE.UNKNOWN_FRAGMENT',
  /** The fragment is leased to another node. */
  'LEASE.NOT_LEASED_TO_NODE',
  /** The node holds the fragment under a newer lease than the one named. */
  'LEASE.STALE',
  /** The lease ran out before the result arrived. */
  'LEASE.EXPIRED',
] as const;
export type LeaseRefusalCode = (typeof leaseRefusalCodes)[number];

export type LeaseCheck = { readonly ok: true; readonly lease: Lease } | { readonly ok: false; readonly code: LeaseRefusalCode };

/** What a node claims when it sends a result. */
export interface LeaseClaim {
  readonly fragmentId: string;
  readonly nodeId: string;
  readonly leaseId: string;
  readonly now: number;
}

/** The next lease of a fragment that has been leased `attempts` times before. */
export function grantLease(
  fragment: { readonly fragmentId: string; readonly attempts: number },
  nodeId: string,
  now: number,
  ttlMs: number,
  leaseIdFactory: LeaseIdFactory = attemptLeaseId,
): Lease {
  const attempt = fragment.attempts + 1;
  return { leaseId: leaseIdFactory(fragment.fragmentId, attempt), fragmentId: fragment.fragmentId, nodeId, attempt, expiresAt: now + ttlMs };
}

/** Checks a claim against the fragment's current lease (undefined when it has none). */
export function checkResult(lease: Lease | undefined, claim: LeaseClaim): LeaseCheck {
  if (!lease || lease.fragmentId !== claim.fragmentId) return refused('LEASE.UNKNOWN_FRAGMENT');
  // The fencing token first: an old lease id is stale whoever holds the fragment now.
  if (lease.leaseId !== claim.leaseId) return refused('LEASE.STALE');
  if (lease.nodeId !== claim.nodeId) return refused('LEASE.NOT_LEASED_TO_NODE');
  if (claim.now >= lease.expiresAt) return refused('LEASE.EXPIRED');
  return { ok: true, lease };
}

/** The lease extended to `now + ttlMs`. */
export function renewLease(lease: Lease, now: number, ttlMs: number): Lease {
  return { ...lease, expiresAt: Math.max(lease.expiresAt, now + ttlMs) };
}

function refused(code: LeaseRefusalCode): LeaseCheck {
  return { ok: false, code };
}
