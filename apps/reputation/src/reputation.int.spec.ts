import { randomUUID } from 'node:crypto';
import {
  FragmentVerified,
  FraudDetected,
  NodeBenchmarked,
  NodeEvicted,
  NodeSuspended,
  ReputationChanged,
  subjects,
  TierChanged,
  type NodeEvictedData,
  type NodeSuspendedData,
  type ReputationChangedData,
  type TierChangedData,
} from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { nodeSubjects } from '@corex/node-protocol';
import { disposeTestLog, NATS_URL, openTestLog } from '../../../test/support/infra';
import { ProtocolNode } from '../../../test/support/protocol-node';
import { eventsOfType, waitForEvent } from '../../../test/support/wait-for-event';
import { reputationConfigSchema } from './config';
import { startReputation, type RunningReputation } from './start-reputation';

const HASH = 'c'.repeat(64);

describe('reputation service', () => {
  let log: EventLog;
  const running: RunningReputation[] = [];

  beforeEach(async () => {
    log = await openTestLog('reputation', 'rep');
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.close();
    await disposeTestLog(log);
  });

  async function start(env: Record<string, string> = {}): Promise<RunningReputation> {
    const { stream, prefix } = log.store.names;
    const config = reputationConfigSchema.parse({
      NATS_URL,
      COREX_STREAM: stream,
      COREX_SUBJECT_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      REPUTATION_MIN_INTERVAL_MS: '0',
      REPUTATION_SUSPEND_MS: '1',
      REPUTATION_UPTIME_WINDOW_MS: '600000',
      ...env,
    });
    const r = await startReputation(config);
    running.push(r);
    return r;
  }

  async function benchmarked(nodeId: string, gflops: number): Promise<void> {
    const hardware = ProtocolNode.hardware(8e9);
    const benchmark = { kind: 'matmul-f32' as const, size: 256, iterations: 4, durationMs: 100, gflops, executionProvider: 'cpu' };
    const data = { nodeId, benchmark, hardware, reportHash: HASH, signature: 'sig', benchmarkedAt: new Date().toISOString() };
    await log.store.append(subjects.node(nodeId), [{ type: NodeBenchmarked.type, data }], 0);
  }

  async function verified(nodeId: string): Promise<void> {
    const fragmentId = randomUUID();
    const data = { fragmentId, jobId: 'job-1', nodeId, leaseId: `${fragmentId}-a1`, resultHash: HASH, method: 'replica', sampled: false, checks: [], cost: { flops: 0, ms: 0 }, verifiedAt: new Date().toISOString() };
    await log.store.append(subjects.verification(fragmentId), [{ type: FragmentVerified.type, data }], 0);
  }

  async function fraud(nodeId: string, fraudId: string): Promise<void> {
    const fragmentId = randomUUID();
    const evidence = { check: 'recompute', expected: 'a', got: 'b', hashes: {}, detail: 'test' };
    const data = { fraudId, nodeId, kind: 'wrong-output', fragmentId, evidence, evidenceHash: '0x' + HASH, detectedAt: new Date().toISOString() };
    await log.store.append(subjects.verification(fragmentId), [{ type: FraudDetected.type, data }], 0);
  }

  const ofNode = <T extends { nodeId: string }>(nodeId: string) => (d: T) => d.nodeId === nodeId;

  it('scores a node from its benchmark and verified work, suspends it for a fraud, evicts it at the third, and after a restart publishes nothing twice', async () => {
    const nodeId = new ProtocolNode(log, ProtocolNode.hardware(8e9)).nodeId;
    await benchmarked(nodeId, 10);
    for (let i = 0; i < 3; i++) await verified(nodeId);
    await start();

    const joined = await waitForEvent<TierChangedData>(log, TierChanged.type, ofNode(nodeId));
    expect(joined.data).toMatchObject({ from: null, to: 'standard' });
    const first = await waitForEvent<ReputationChangedData>(log, ReputationChanged.type, ofNode(nodeId));
    expect(first.data.indicators).toMatchObject({ claimedGflops: 10, verified: 3, frauds: 0 });
    expect(first.data.score).toBeGreaterThan(0.65);

    await fraud(nodeId, 'fraud-wrong-output-1');
    const suspended = await waitForEvent<NodeSuspendedData>(log, NodeSuspended.type, ofNode(nodeId));
    expect(suspended.data.fraudIds).toEqual(['fraud-wrong-output-1']);
    const demoted = await waitForEvent<TierChangedData>(log, TierChanged.type, (d) => d.nodeId === nodeId && d.from === 'standard');
    expect(demoted.data.to).toBe('edge');

    // A restart replays the whole log: the second fraud is answered once, and nothing before it again.
    await running.shift()!.close();
    await start();
    await fraud(nodeId, 'fraud-wrong-output-2');
    await waitForEvent<NodeSuspendedData>(log, NodeSuspended.type, (d) => d.fraudIds.includes('fraud-wrong-output-2'));
    expect((await eventsOfType(log, NodeSuspended.type)).length).toBe(2);
    expect((await eventsOfType(log, TierChanged.type)).length).toBe(2);
    const changes = await eventsOfType<ReputationChangedData>(log, ReputationChanged.type);
    expect(changes.map((e) => e.data.indicators['frauds'])).toEqual([0, 1, 2]);
    expect(changes[2]!.data.components.violations).toBe(0.25);

    await fraud(nodeId, 'fraud-wrong-output-3');
    const evicted = await waitForEvent<NodeEvictedData>(log, NodeEvicted.type, ofNode(nodeId));
    expect(evicted.data).toMatchObject({ fraudIds: ['fraud-wrong-output-3'], reason: '3 frauds within 30 days' });
  });

  it('answers a fraud recorded while it was down once it has replayed the log, and republishes nothing it had published', async () => {
    const nodeId = new ProtocolNode(log, ProtocolNode.hardware(8e9)).nodeId;
    await benchmarked(nodeId, 60);
    await start();
    await waitForEvent<TierChangedData>(log, TierChanged.type, ofNode(nodeId));
    await running.shift()!.close();

    await fraud(nodeId, 'fraud-while-down');
    await start();
    const suspended = await waitForEvent<NodeSuspendedData>(log, NodeSuspended.type, ofNode(nodeId));
    expect(suspended.data.fraudIds).toEqual(['fraud-while-down']);
    const tiers = await eventsOfType<TierChangedData>(log, TierChanged.type);
    expect(tiers.map((e) => [e.data.from, e.data.to])).toEqual([
      [null, 'standard'],
      ['standard', 'edge'],
    ]);
    expect((await eventsOfType(log, ReputationChanged.type)).length).toBe(2);
  });

  it('keeps the uptime of a node that sends signed heartbeats and lowers the uptime of a silent one', async () => {
    const beating = new ProtocolNode(log, ProtocolNode.hardware(8e9));
    const silent = new ProtocolNode(log, ProtocolNode.hardware(8e9));
    await benchmarked(beating.nodeId, 10);
    await benchmarked(silent.nodeId, 10);
    const subject = nodeSubjects(log.store.names.prefix).heartbeat;
    const beat = () => log.nc.publish(subject, JSON.stringify(beating.signed('heartbeat', { leaseIds: [], freeMemoryBytes: 1e9, slots: 1 })));
    const beats = setInterval(beat, 40);
    try {
      await start({ REPUTATION_UPTIME_WINDOW_MS: '400', REPUTATION_UPTIME_SLOT_MS: '100' });
      const fell = await waitForEvent<ReputationChangedData>(log, ReputationChanged.type, (d) => d.nodeId === silent.nodeId && d.reason === 'uptime');
      expect(fell.data.components.uptime).toBeLessThan(1);
      expect(fell.data.indicators['uptimeRatio']).toBe(fell.data.components.uptime);
    } finally {
      clearInterval(beats);
    }
    const beatingChanges = (await eventsOfType<ReputationChangedData>(log, ReputationChanged.type)).filter((e) => e.data.nodeId === beating.nodeId);
    expect(beatingChanges.length).toBeGreaterThan(0);
    for (const e of beatingChanges) expect(e.data.components.uptime).toBeGreaterThanOrEqual(0.95);
  });
});
