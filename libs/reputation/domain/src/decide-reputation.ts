import {
  NodeEvicted,
  NodeSuspended,
  ReputationChanged,
  TierChanged,
  type NewEvent,
  type ReputationChangedData,
  type Tier,
} from '@corex/events';
import { componentsOf, effectiveGflops, round4, scoreOf } from './components';
import type { FraudRecord, NodeFacts, NodeReputation } from './node-reputation';
import { EVICTION_FRAUDS, EVICTION_WINDOW_MS, SCORE_CHANGE_STEP, VERIFIED_MILESTONES, type ReputationSettings } from './rules';
import { lowerTier, tierBelow, tierFor } from './tiers';

/** What the node's facts say now: score, components, indicators and tier (before any fraud demotion). */
export function assess(node: NodeReputation): { data: Omit<ReputationChangedData, 'previous' | 'reason' | 'changedAt'>; tier: Tier } {
  const f = node.facts;
  const components = componentsOf(f);
  const score = scoreOf(components);
  let tier = tierFor({
    gflops: effectiveGflops(f),
    confirmed: f.confirmedGflops !== null,
    score,
    verified: f.verified,
    atMinStake: f.atMinStake,
    verifierStake: f.verifierStake,
  });
  const p = node.published;
  if (p.tierCap && f.verified < p.capLiftsAtVerified) tier = lowerTier(tier, p.tierCap);
  return { data: { nodeId: f.nodeId, score, components: roundAll(components), indicators: indicatorsOf(f) }, tier };
}

/**
 * The events the node's state calls for now (docs/reputation.md, "When it is published"):
 * unanswered frauds -> ReputationChanged, TierChanged down (at least one tier), NodeSuspended or
 * NodeEvicted; a first benchmark -> ReputationChanged + TierChanged; a tier change ->
 * both; a score move of 0.01 (at most once per minIntervalMs) or a verified milestone -> ReputationChanged.
 * Ids are `rep-<nodeId>-<version>-<n>`: the same state decides the same ids, so a retried append dedupes.
 */
export function decideReputation(node: NodeReputation, at: number, reason: string, settings: ReputationSettings): NewEvent[] {
  const { facts: f, published: p } = node;
  if (p.evicted || f.joinedAt === null) return [];
  const { data, tier: assessed } = assess(node);
  const changedAt = new Date(at).toISOString();
  const frauds = f.frauds.filter((x) => !p.handledFrauds.has(x.fraudId));
  let tier = assessed;
  if (frauds.length > 0 && p.tier) tier = lowerTier(assessed, tierBelow(p.tier));
  const tierChanged = tier !== p.tier;
  const why = frauds.length > 0 ? `fraud: ${frauds.map((x) => x.kind).join(', ')}` : p.score === null ? 'joined' : reason;

  const events: Omit<NewEvent, 'id'>[] = [];
  if (frauds.length > 0 || tierChanged || p.score === null || scoreMoved(node, data.score, at, settings) || reachedMilestone(node)) {
    events.push({ type: ReputationChanged.type, data: { ...data, previous: p.score, reason: why, changedAt } });
  }
  if (tierChanged) events.push({ type: TierChanged.type, data: { nodeId: f.nodeId, from: p.tier, to: tier, reason: why, changedAt } });
  if (frauds.length > 0) events.push(sanction(f, p.suspendedUntil, frauds, at, settings));
  return events.map((e, i) => ({ ...e, id: `rep-${f.nodeId}-${p.version}-${i}` }));
}

function scoreMoved(node: NodeReputation, score: number, at: number, settings: ReputationSettings): boolean {
  const p = node.published;
  if (p.score === null || Math.abs(score - p.score) < SCORE_CHANGE_STEP - 1e-9) return false;
  return p.changedAt === null || at - p.changedAt >= settings.minIntervalMs;
}

function reachedMilestone(node: NodeReputation): boolean {
  const { facts: f, published: p } = node;
  return VERIFIED_MILESTONES.some((m) => p.verified < m && f.verified >= m);
}

/** Suspension, or eviction for the third fraud within 30 days or a fraud while suspended. */
function sanction(f: NodeFacts, suspendedUntil: number | null, frauds: FraudRecord[], at: number, settings: ReputationSettings): Omit<NewEvent, 'id'> {
  const latest = Math.max(...frauds.map((x) => x.at));
  const recent = f.frauds.filter((x) => x.at > latest - EVICTION_WINDOW_MS && x.at <= latest).length;
  const whileSuspended = suspendedUntil !== null && frauds.some((x) => x.at < suspendedUntil);
  const fraudIds = frauds.map((x) => x.fraudId);
  const when = new Date(at).toISOString();
  if (recent >= EVICTION_FRAUDS || whileSuspended) {
    const reason = whileSuspended ? 'fraud while suspended' : `${recent} frauds within 30 days`;
    return { type: NodeEvicted.type, data: { nodeId: f.nodeId, reason, fraudIds, evictedAt: when } };
  }
  const until = new Date(Math.max(at, latest) + settings.suspendMs).toISOString();
  return { type: NodeSuspended.type, data: { nodeId: f.nodeId, until, reason: `fraud: ${frauds.map((x) => x.kind).join(', ')}`, fraudIds, suspendedAt: when } };
}

function indicatorsOf(f: NodeFacts): Record<string, number | null> {
  return {
    claimedGflops: f.claimedGflops,
    confirmedGflops: f.confirmedGflops,
    verified: f.verified,
    failed: f.failed,
    rejected: f.rejected,
    frauds: f.frauds.length,
    slashes: f.slashes,
    uptimeRatio: round4(f.uptime),
    latencyMs: f.latencyMs,
    load: round4(f.utilisation),
    capacitySlots: f.capacitySlots,
    activeStakeCxt: f.activeStakeCxt,
  };
}

function roundAll<T extends Record<string, number>>(c: T): T {
  return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, round4(v)])) as T;
}

