import { NodeLeft, NodeRegistered, type EventEnvelope } from '@corex/events';
import { nodesProjection, type NodeRow } from './nodes.projection';

const nodeId = 'U'.padEnd(56, 'A');
const envelope = (type: string, data: unknown): EventEnvelope => ({
  specversion: '1.0',
  id: type,
  source: 'test',
  type,
  time: '2026-11-29T00:00:00.000Z',
  subject: `node.${nodeId}`,
  correlationid: 'c',
  causationid: 'c',
  datacontenttype: 'application/json',
  data,
});
const hardware = { cpuModel: 'cpu', cpuCores: 2, memoryBytes: 1024, gpus: [], executionProviders: ['cpu'], os: 'linux', arch: 'x64' };

describe('nodes projection', () => {
  it('lists a node that left as left, keeping what it reported', () => {
    const registered = nodesProjection.evolve(null, envelope(NodeRegistered.type, { nodeId, name: 'rig', hardware, runnerVersion: '1', registeredAt: '2026-11-29T00:00:00.000Z' }), 1) as NodeRow;
    const left = nodesProjection.evolve(registered, envelope(NodeLeft.type, { nodeId, reason: 'shutdown', leftAt: '2026-11-29T00:01:00.000Z' }), 2);
    expect(left).toEqual({ ...registered, status: 'left', version: 2 });
  });

  it('ignores a leave of a node it never saw', () => {
    expect(nodesProjection.evolve(null, envelope(NodeLeft.type, { nodeId, reason: 'shutdown', leftAt: '2026-11-29T00:01:00.000Z' }), 2)).toBeNull();
  });
});
