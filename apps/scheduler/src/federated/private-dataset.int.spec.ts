import { openEventLog, type EventLog } from '@corex/eventstore';
import { PrivateDatasetRegistered, PrivateDatasetWithdrawn, subjects } from '@corex/events';
import { buildPrivateDatasetMessage, nodeErrorCodes } from '@corex/node-protocol';
import { disposeTestLog, NATS_URL, uniqueNames } from '../../../../test/support/infra';
import { ProtocolNode } from '../../../../test/support/protocol-node';
import { startTestScheduler } from '../../../../test/support/scheduler';
import type { RunningScheduler } from '../start-scheduler';

const dataset = (nodeId: string, featureNames = ['beak', 'flipper']) => ({
  nodeId, action: 'register' as const, federation: 'colonies', datasetName: 'slice', featureNames, classNames: ['Adelie', 'Gentoo'], rows: 40, encryptionKey: 'ab'.repeat(32),
});

/** The scheduler serving `private-dataset` over real NATS, writing `federation.<name>`. */
describe('private-dataset messages', () => {
  const names = uniqueNames('privds');
  let log: EventLog;
  let scheduler: RunningScheduler;
  beforeAll(async () => {
    log = await openEventLog({ url: NATS_URL, service: 'test', ...names });
    scheduler = await startTestScheduler(names, {});
  });
  afterAll(async () => {
    await scheduler?.close();
    await disposeTestLog(log);
  });

  it('records members of one schema, refuses another schema and an unknown node, and records a withdrawal', async () => {
    const [a, b, c] = [new ProtocolNode(log, ProtocolNode.hardware(2 ** 33)), new ProtocolNode(log, ProtocolNode.hardware(2 ** 33)), new ProtocolNode(log, ProtocolNode.hardware(2 ** 33))];
    await a.register();
    await b.register();
    expect(await a.request('privateDataset', buildPrivateDatasetMessage(dataset(a.nodeId), a.seed))).toEqual({ ok: true });
    expect(await b.request('privateDataset', buildPrivateDatasetMessage(dataset(b.nodeId, ['beak']), b.seed))).toMatchObject({ ok: false, code: nodeErrorCodes.FEDERATION_SCHEMA_MISMATCH });
    expect(await b.request('privateDataset', buildPrivateDatasetMessage(dataset(b.nodeId), b.seed))).toEqual({ ok: true });
    expect(await c.request('privateDataset', buildPrivateDatasetMessage(dataset(c.nodeId), c.seed))).toMatchObject({ ok: false, code: nodeErrorCodes.UNKNOWN_NODE });
    expect(await a.request('privateDataset', buildPrivateDatasetMessage({ ...dataset(a.nodeId), action: 'withdraw' }, a.seed))).toEqual({ ok: true });

    const { events } = await log.store.read(subjects.federation('colonies'));
    expect(events.map((e) => [e.event.type, (e.event.data as { nodeId: string }).nodeId])).toEqual([
      [PrivateDatasetRegistered.type, a.nodeId],
      [PrivateDatasetRegistered.type, b.nodeId],
      [PrivateDatasetWithdrawn.type, a.nodeId],
    ]);
  });
});
