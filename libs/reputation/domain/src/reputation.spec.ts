import type { ReputationChangedData } from '@corex/events';
import { lastTier, NODE, reputationHarness, types } from './testing/reputation-harness';
import { TIER_THRESHOLDS } from './rules';

const changed = (events: { type: string; data: unknown }[]): ReputationChangedData =>
  events.filter((e) => e.type === 'corex.reputation.changed.v1').at(-1)!.data as ReputationChangedData;

describe('reputation decider', () => {
  it('given a node that benchmarks 10 GFLOP/s, when it joins, then its reputation starts from the benchmark: history 0.5, uptime, latency, load 1, and tier standard', () => {
    const h = reputationHarness();
    const events = h.benchmarked(10);
    expect(types(events)).toEqual(['changed', 'tier-changed']);
    const rc = changed(events);
    expect(rc.components).toEqual({ performance: 0.3333, uptime: 1, latency: 1, load: 1, history: 0.5, violations: 1 });
    expect(rc.score).toBeCloseTo(0.65, 4);
    expect(rc.previous).toBeNull();
    expect(rc.indicators).toMatchObject({ claimedGflops: 10, confirmedGflops: null, verified: 0, failed: 0, frauds: 0, uptimeRatio: 1, activeStakeCxt: 0 });
    expect(events[1]!.data).toMatchObject({ nodeId: NODE, from: null, to: 'standard' });
  });

  it('given a node of 1 GFLOP/s, when it joins, then it is edge with performance at its 0.1 floor', () => {
    const events = reputationHarness().benchmarked(1);
    expect(changed(events).components.performance).toBe(0.1);
    expect(lastTier(events)).toBe('edge');
  });

  it('given nothing benchmarked, when a verdict about the node comes, then nothing is published', () => {
    expect(reputationHarness().verifiedWork(1)).toEqual([]);
  });

  it('given a confirmed 50 GFLOP/s node, when it does verified work, then its score climbs and it reaches pro at 20 verified fragments', () => {
    const h = reputationHarness();
    h.benchmarked(50);
    h.judged('confirmed', 50, 60);
    const start = h.node().published.score!;
    expect(lastTier(h.verifiedWork(19))).toBeUndefined();
    expect(h.node().published.tier).toBe('standard');
    expect(lastTier(h.verifiedWork(1))).toBe('pro');
    expect(h.node().published.score!).toBeGreaterThan(start + 0.05);
    expect(h.node().published.verified).toBe(20);
  });

  it('given a 2 GFLOP/s node, when it has 50 verified fragments and a score of 0.7, then it climbs to standard below 5 GFLOP/s', () => {
    const h = reputationHarness();
    h.benchmarked(2);
    h.judged('confirmed', 2, 2);
    expect(lastTier(h.verifiedWork(49))).toBeUndefined();
    const events = h.verifiedWork(1);
    expect(lastTier(events)).toBe('standard');
    expect(changed(events).score).toBeGreaterThanOrEqual(TIER_THRESHOLDS.standardByRecord.score);
  });

  it('given a confirmed 50 GFLOP/s node with 5 verified fragments, when it stakes minStake, then the stake lifts it to pro', () => {
    const h = reputationHarness();
    h.benchmarked(50);
    h.judged('confirmed', 50, 55);
    h.verifiedWork(5);
    expect(h.node().published.tier).toBe('standard');
    const events = h.staked(1000, 11_000, false);
    expect(lastTier(events)).toBe('pro');
    expect(changed(events).indicators['activeStakeCxt']).toBe(1000);
  });

  it('given a pro node, when a fraud is detected, then its score halves, it drops a tier and is suspended for 10 minutes', () => {
    const h = reputationHarness();
    h.benchmarked(50);
    h.judged('confirmed', 50, 55);
    h.verifiedWork(20);
    const before = h.node().published.score!;
    const events = h.fraud('fraud-wrong-output-l1');
    expect(types(events)).toEqual(['changed', 'tier-changed', 'node-suspended']);
    expect(changed(events).score).toBeCloseTo(before / 2, 3);
    expect(changed(events).components.violations).toBe(0.5);
    expect(events[1]!.data).toMatchObject({ from: 'pro', to: 'standard' });
    expect(events[2]!.data).toMatchObject({ until: new Date(h.at() + 600_000).toISOString(), fraudIds: ['fraud-wrong-output-l1'] });
  });

  it('given a demoted standard node, when it climbs back by score alone, then the tier stays capped until 20 more verified fragments', () => {
    const h = reputationHarness();
    h.benchmarked(10);
    h.fraud('fraud-a');
    expect(h.node().published.tier).toBe('edge');
    expect(h.verifiedWork(1).some((e) => e.type.endsWith('tier-changed.v1'))).toBe(false);
    expect(lastTier(h.verifiedWork(19))).toBe('standard');
  });

  it('given the same fraud twice, when it is read again, then it counts once', () => {
    const h = reputationHarness();
    h.benchmarked(10);
    h.fraud('fraud-a');
    expect(h.fraud('fraud-a')).toEqual([]);
    expect(h.node().facts.frauds).toHaveLength(1);
  });

  it('given two frauds each after the suspension ended, when a third comes within 30 days, then the node is evicted and nothing more is published', () => {
    const h = reputationHarness();
    h.benchmarked(10);
    expect(types(h.fraud('fraud-1'))).toContain('node-suspended');
    h.advance(11 * 60_000);
    expect(types(h.fraud('fraud-2'))).toContain('node-suspended');
    h.advance(11 * 60_000);
    const third = h.fraud('fraud-3');
    expect(types(third)).toEqual(['changed', 'node-evicted']);
    expect(third.at(-1)!.data).toMatchObject({ fraudIds: ['fraud-3'], reason: '3 frauds within 30 days' });
    expect(h.verifiedWork(3)).toEqual([]);
  });

  it('given a suspended node, when another fraud is detected during the suspension, then it is evicted', () => {
    const h = reputationHarness();
    h.benchmarked(10);
    h.fraud('fraud-1');
    expect(h.fraud('fraud-2').at(-1)).toMatchObject({ type: 'corex.reputation.node-evicted.v1', data: { reason: 'fraud while suspended' } });
  });

  it('given a node claiming 1000 GFLOP/s unconfirmed with a record and stake for elite, then it stays standard until a challenge confirms', () => {
    const h = reputationHarness();
    h.benchmarked(1000);
    h.staked(100_000, 30_000, true);
    h.verifiedWork(100);
    expect(h.node().published.tier).toBe('standard');
    expect(lastTier(h.judged('confirmed', 1000, 900))).toBe('elite');
  });

  it('given a confirmed pro node, when a challenge finds it overclaimed, then the measured speed counts and its tier drops', () => {
    const h = reputationHarness();
    h.benchmarked(100);
    h.judged('confirmed', 100, 120);
    h.verifiedWork(20);
    expect(h.node().published.tier).toBe('pro');
    const events = h.judged('overclaim', 100, 2);
    expect(lastTier(events)).toBe('edge');
    expect(changed(events).indicators['confirmedGflops']).toBe(2);
  });

  it('given a huge claim confirmed within the overhead allowance, when judged, then at most three times the measured speed counts', () => {
    const h = reputationHarness();
    h.benchmarked(1_000_000);
    const events = h.judged('confirmed', 1_000_000, 70);
    expect(changed(events).indicators['confirmedGflops']).toBe(210);
    expect(h.node().published.tier).not.toBe('elite');
  });

  it('given a slow challenge, when judged, then the measured speed is what counts', () => {
    const h = reputationHarness();
    h.benchmarked(100);
    expect(changed(h.judged('slow', 100, 10)).indicators['confirmedGflops']).toBe(10);
  });

  it('given a minimum interval, when the score moves again within it, then it is not published, except at a verified milestone', () => {
    const h = reputationHarness({ minIntervalMs: 3_600_000, suspendMs: 600_000 });
    h.benchmarked(10);
    const first = h.verifiedWork(4).filter((e) => e.type === 'corex.reputation.changed.v1');
    expect(first).toHaveLength(0);
    const fifth = h.verifiedWork(1).filter((e) => e.type === 'corex.reputation.changed.v1');
    expect(fifth).toHaveLength(1);
    expect((fifth[0]!.data as ReputationChangedData).indicators['verified']).toBe(5);
  });

  it('given a node that missed heartbeats, when uptime windows close, then uptime falls and the score with it', () => {
    const h = reputationHarness();
    h.benchmarked(10);
    h.advance(60_000);
    const events = h.run({ kind: 'uptime', nodeId: NODE, coverage: 0, windowStart: h.at() - 1, at: h.at() });
    expect(changed(events).components.uptime).toBe(0.9);
    expect(changed(events).reason).toBe('uptime');
  });

  it('given a lease that expired, when it ends, then it counts as failed and history falls', () => {
    const h = reputationHarness();
    h.benchmarked(10);
    h.run({ kind: 'event', type: 'corex.fragment.assigned.v1', at: h.advance(1), data: { fragmentId: 'f', jobId: 'j', nodeId: NODE, leaseId: 'l', attempt: 1, score: {}, assignedAt: new Date(h.at()).toISOString(), leaseExpiresAt: new Date(h.at()).toISOString() } });
    const events = h.run({ kind: 'event', type: 'corex.fragment.lease-ended.v1', at: h.advance(1), data: { fragmentId: 'f', jobId: 'j', nodeId: NODE, leaseId: 'l', reason: 'expired', endedAt: new Date(h.at()).toISOString() } });
    expect(changed(events).indicators['failed']).toBe(1);
    expect(changed(events).components.history).toBeLessThan(0.5);
  });

  it('given a lease whose job was cancelled, when it ends cancelled, then nothing counts against the node', () => {
    const h = reputationHarness();
    h.benchmarked(10);
    h.run({ kind: 'event', type: 'corex.fragment.assigned.v1', at: h.advance(1), data: { fragmentId: 'f', jobId: 'j', nodeId: NODE, leaseId: 'l', attempt: 1, score: {}, assignedAt: new Date(h.at()).toISOString(), leaseExpiresAt: new Date(h.at()).toISOString() } });
    const ended = (leaseId: string, reason: string) =>
      h.run({ kind: 'event', type: 'corex.fragment.lease-ended.v1', at: h.advance(1), data: { fragmentId: 'f', jobId: 'j', nodeId: NODE, leaseId, reason, endedAt: new Date(h.at()).toISOString() } });
    expect(ended('l', 'cancelled').filter((e) => e.type === 'corex.reputation.changed.v1')).toEqual([]);
    // A later expiry is the node's first failure: the cancelled lease was not counted.
    h.run({ kind: 'event', type: 'corex.fragment.assigned.v1', at: h.advance(1), data: { fragmentId: 'f', jobId: 'j', nodeId: NODE, leaseId: 'l2', attempt: 2, score: {}, assignedAt: new Date(h.at()).toISOString(), leaseExpiresAt: new Date(h.at()).toISOString() } });
    expect(changed(ended('l2', 'expired')).indicators['failed']).toBe(1);
  });
});
