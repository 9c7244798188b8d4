import { NodeBenchmarked, ReputationChanged, subjects, TierChanged, type ReputationChangedData, type TierChangedData } from '@corex/events';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { nodeSubjects } from '@corex/node-protocol';
import { ProtocolNode } from '../../../test/support/protocol-node';
import { startSecuredNats, type SecuredNats } from '../../../test/support/secured-nats';
import { eventsOfType, waitForEvent } from '../../../test/support/wait-for-event';
import { reputationConfigSchema } from './config';
import { startReputation } from './start-reputation';

describe('reputation service on the shipped NATS config', () => {
  let nats: SecuredNats;
  let admin: EventLog;
  const stream = 'COREX_REPUTATION_SECURED';

  beforeAll(async () => {
    nats = await startSecuredNats();
    admin = await openEventLog({ url: nats.url, service: 'admin', stream, prefix: nats.prefix, credsFile: nats.credsFile('admin') });
  });
  afterAll(async () => {
    await admin?.close();
    await nats?.stop();
  });

  async function benchmarked(node: ProtocolNode): Promise<void> {
    const benchmark = { kind: 'matmul-f32' as const, size: 256, iterations: 4, durationMs: 100, gflops: 8, executionProvider: 'cpu' };
    const data = { nodeId: node.nodeId, benchmark, hardware: node.hardware, reportHash: 'd'.repeat(64), signature: 'sig', benchmarkedAt: new Date().toISOString() };
    await admin.store.append(subjects.node(node.nodeId), [{ type: NodeBenchmarked.type, data }], 0);
  }

  it('runs as its own NATS user: publishes a joining node and hears the heartbeats nodes send as their own users', async () => {
    const beating = new ProtocolNode(admin, ProtocolNode.hardware(8e9));
    const silent = new ProtocolNode(admin, ProtocolNode.hardware(8e9));
    await benchmarked(beating);
    await benchmarked(silent);
    const nodeNc = await nats.connectAsNode(beating.nodeId, beating.seed);
    const heartbeat = nodeSubjects(nats.prefix).heartbeat;
    const beats = setInterval(() => nodeNc.publish(heartbeat, JSON.stringify(beating.signed('heartbeat', { leaseIds: [], freeMemoryBytes: 1e9, slots: 1 }))), 40);
    const config = reputationConfigSchema.parse({
      NATS_URL: nats.url,
      COREX_NATS_CREDS: nats.credsFile('reputation'),
      COREX_STREAM: stream,
      COREX_SUBJECT_PREFIX: nats.prefix,
      LOG_LEVEL: 'silent',
      REPUTATION_MIN_INTERVAL_MS: '0',
      REPUTATION_UPTIME_WINDOW_MS: '400',
      REPUTATION_UPTIME_SLOT_MS: '100',
    });
    const reputation = await startReputation(config);
    try {
      const joined = await waitForEvent<TierChangedData>(admin, TierChanged.type, (d) => d.nodeId === beating.nodeId);
      expect(joined.data).toMatchObject({ from: null, to: 'standard' });
      await waitForEvent<ReputationChangedData>(admin, ReputationChanged.type, (d) => d.nodeId === silent.nodeId && d.reason === 'uptime');
      const beatingChanges = (await eventsOfType<ReputationChangedData>(admin, ReputationChanged.type)).filter((e) => e.data.nodeId === beating.nodeId);
      for (const e of beatingChanges) expect(e.data.components.uptime).toBeGreaterThanOrEqual(0.95);
    } finally {
      clearInterval(beats);
      await reputation.close();
      await nodeNc.close();
    }
  }, 60_000);
});
