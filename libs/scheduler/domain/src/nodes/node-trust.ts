import type { NodeTier } from './node-profile';

/** What the network knows of a node's track record (same shape as @corex/verification-domain's NodeTrust). */
export interface NodeTrust {
  /** Latest reputation score 0..1; null when the reputation service never scored the node. */
  readonly reputation: number | null;
  /** Fragments of the node that passed verification. */
  readonly verifiedFragments: number;
}

/**
 * An open challenge older than this stops holding the node's work back: the verifier expires it
 * (no start within 60 s, or no answer by the deadline) and issues another later.
 */
export const CHALLENGE_BLOCK_MS = 2 * 60_000;

/** Why a node gets no new work now. */
export type WorkBlock =
  | { readonly reason: 'evicted' }
  | { readonly reason: 'suspended'; readonly until: number }
  | { readonly reason: 'challenge'; readonly challengeId: string; readonly until: number };

interface TrustRecord {
  reputation: number | null;
  verifiedFragments: number;
  /** From the latest TierChanged; undefined until the reputation service tiers the node. */
  tier?: NodeTier;
  suspendedUntil?: number;
  evicted?: boolean;
  /** Open challenges: id → issued at (epoch ms). */
  challenges?: Map<string, number>;
}

/**
 * Trust the reputation service and the verifier recorded about nodes (ReputationChanged,
 * TierChanged, NodeSuspended, NodeEvicted, ChallengeIssued/Judged, FragmentVerified), kept also
 * for nodes not registered now: an evicted node stays evicted when it comes back.
 */
export class NodeTrustBook {
  private readonly _nodes = new Map<string, TrustRecord>();
  private readonly _evicted = new Set<string>();

  /** Reputation and verified fragments, as `needsReplica` reads them. */
  trustOf(nodeId: string): NodeTrust {
    const r = this._nodes.get(nodeId);
    return { reputation: r?.reputation ?? null, verifiedFragments: r?.verifiedFragments ?? 0 };
  }

  /** The tier the reputation service gave the node, if any. */
  tierOf(nodeId: string): NodeTier | undefined {
    return this._nodes.get(nodeId)?.tier;
  }

  /** ReputationChanged: the score, and the verified count when the indicators carry it. */
  reputationChanged(nodeId: string, score: number, verified: number | null | undefined): void {
    const r = this._record(nodeId);
    r.reputation = score;
    if (typeof verified === 'number' && Number.isFinite(verified)) r.verifiedFragments = verified;
  }

  /** FragmentVerified: one more verified fragment, until the next ReputationChanged restates the count. */
  fragmentVerified(nodeId: string): void {
    this._record(nodeId).verifiedFragments++;
  }

  tierChanged(nodeId: string, tier: NodeTier): void {
    this._record(nodeId).tier = tier;
  }

  suspended(nodeId: string, until: number): void {
    const r = this._record(nodeId);
    r.suspendedUntil = Math.max(r.suspendedUntil ?? 0, until);
  }

  evicted(nodeId: string): void {
    this._record(nodeId).evicted = true;
    this._evicted.add(nodeId);
  }

  isEvicted(nodeId: string): boolean {
    return this._evicted.has(nodeId);
  }

  /** Every node evicted so far. */
  evictedNodes(): readonly string[] {
    return [...this._evicted];
  }

  challengeIssued(nodeId: string, challengeId: string, issuedAt: number): void {
    (this._record(nodeId).challenges ??= new Map()).set(challengeId, issuedAt);
  }

  challengeJudged(nodeId: string, challengeId: string): void {
    this._nodes.get(nodeId)?.challenges?.delete(challengeId);
  }

  /** Why the node may not take new work at `now`, or undefined. Expired suspensions and stale challenges are dropped. */
  workBlock(nodeId: string, now: number): WorkBlock | undefined {
    const r = this._nodes.get(nodeId);
    if (!r) return undefined;
    if (r.evicted) return { reason: 'evicted' };
    if (r.suspendedUntil !== undefined) {
      if (now < r.suspendedUntil) return { reason: 'suspended', until: r.suspendedUntil };
      r.suspendedUntil = undefined;
    }
    for (const [challengeId, issuedAt] of r.challenges ?? []) {
      if (now - issuedAt < CHALLENGE_BLOCK_MS) return { reason: 'challenge', challengeId, until: issuedAt + CHALLENGE_BLOCK_MS };
      r.challenges!.delete(challengeId);
    }
    return undefined;
  }

  /** Nodes evicted, and nodes suspended at `now`. */
  counts(now: number): { suspended: number; evicted: number } {
    let suspended = 0;
    for (const r of this._nodes.values()) if (!r.evicted && (r.suspendedUntil ?? 0) > now) suspended++;
    return { suspended, evicted: this._evicted.size };
  }

  private _record(nodeId: string): TrustRecord {
    let r = this._nodes.get(nodeId);
    if (!r) this._nodes.set(nodeId, (r = { reputation: null, verifiedFragments: 0 }));
    return r;
  }
}
