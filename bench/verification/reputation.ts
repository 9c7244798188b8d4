/**
 * Node trust as the reputation service evolves it: @corex/reputation-domain's book folds the
 * events the bench produces (NodeBenchmarked, ChallengeJudged, FragmentVerified, FragmentRejected,
 * FraudDetected), its decider publishes ReputationChanged / NodeSuspended / NodeEvicted, and the
 * scheduler's view (score, verified count, suspension) is what was published. Not fed: leases and
 * heartbeats, so latency, load and uptime stay at their initial values.
 */
import {
  ChallengeJudged,
  FragmentRejected,
  FragmentVerified,
  FraudDetected,
  NodeBenchmarked,
  type ChallengeJudgedData,
  type FraudDetectedData,
} from '@corex/events';
import { applyInput, applyPublished, decideReputation, DEFAULT_MIN_INTERVAL_MS, DEFAULT_SUSPEND_MS, newReputationBook, nodeOf } from '@corex/reputation-domain';
import type { NodeTrust } from '@corex/verification-domain';

const HISTORY_STEP_MS = DEFAULT_MIN_INTERVAL_MS + 1_000;
const SETTINGS = { minIntervalMs: DEFAULT_MIN_INTERVAL_MS, suspendMs: DEFAULT_SUSPEND_MS };

export class Reputations {
  private readonly book = newReputationBook();
  private seq = 0;

  /** A node benchmarked at `at` (ms) with `verified` fragments verified before (an established node's history). */
  join(nodeId: string, claimedGflops: number, at: number, verified = 0, confirmed = false): void {
    // An established node's history is spread over the past, one verified fragment a minute (past the publication rate limit).
    const start = at - verified * HISTORY_STEP_MS;
    this.feed(NodeBenchmarked.type, { nodeId, benchmark: { gflops: claimedGflops }, hardware: { cpuCores: 8 }, benchmarkedAt: new Date(start).toISOString() }, start);
    if (confirmed) this.feed(ChallengeJudged.type, { nodeId, outcome: 'confirmed', claimedGflops, measuredGflops: claimedGflops }, start);
    for (let i = 1; i <= verified; i++) this.feed(FragmentVerified.type, { nodeId }, start + i * HISTORY_STEP_MS);
  }

  challengeJudged(judged: ChallengeJudgedData, at: number): void {
    this.feed(ChallengeJudged.type, judged, at);
  }

  verified(nodeId: string, at: number): void {
    this.feed(FragmentVerified.type, { nodeId }, at);
  }

  rejected(nodeId: string, at: number): void {
    this.feed(FragmentRejected.type, { nodeId }, at);
  }

  fraud(fraud: FraudDetectedData, at: number): void {
    this.feed(FraudDetected.type, fraud, at);
  }

  /** The trust input of `needsReplica` / `spotCheckProbability`: the latest published score and verified count. */
  trustOf(nodeId: string): NodeTrust {
    const p = nodeOf(this.book, nodeId).published;
    return { reputation: p.score, verifiedFragments: p.verified };
  }

  /** Suspended or evicted at `at`: the scheduler gives it no work. */
  barred(nodeId: string, at: number): boolean {
    const p = nodeOf(this.book, nodeId).published;
    return p.evicted || (p.suspendedUntil !== null && p.suspendedUntil > at);
  }

  private feed(type: string, data: unknown, at: number): void {
    const touched = applyInput(this.book, { kind: 'event', type, data, at });
    if (!touched) return;
    for (const e of decideReputation(nodeOf(this.book, touched.nodeId), at, touched.reason, SETTINGS)) applyPublished(this.book, ++this.seq, e.type, e.data);
  }
}
