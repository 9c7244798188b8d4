import { NodeBenchmarked, NodeRegistered, type Benchmark, type Hardware } from '@corex/events';
import type { NodeEvent } from './node.events';
import { evolveNode, initialNodeState } from './node.state';
import { decideNode, registrationStatusOf, type NodeCommand, type RegisterNode } from './register-node';

const nodeId = 'U'.repeat(56);
const hardware: Hardware = {
  cpuModel: 'Test CPU',
  cpuCores: 8,
  memoryBytes: 16 * 2 ** 30,
  gpus: [],
  executionProviders: ['cpu'],
  os: 'linux',
  arch: 'x64',
};
const benchmark: Benchmark = {
  kind: 'matmul-f32',
  size: 256,
  iterations: 50,
  durationMs: 400,
  gflops: 4.2,
  executionProvider: 'cpu',
};

function register(reportHash: string, now = new Date('2025-01-01T00:00:00.000Z')): RegisterNode {
  return {
    type: 'RegisterNode',
    data: { nodeId, name: 'rig', hardware, benchmark, runnerVersion: '0.1.0', reportHash, signature: `sig-${reportHash}`, now },
  };
}

/** Emmett-style decider specification: given past events, when a command, then these events. */
function given(history: NodeEvent[]) {
  const state = history.reduce(evolveNode, initialNodeState());
  return {
    when: (command: NodeCommand) => ({
      then: (expected: Array<Pick<NodeEvent, 'type' | 'data'>>) =>
        expect(decideNode(command, state)).toEqual(expected.map((e) => expect.objectContaining(e))),
    }),
  };
}

const hashA = 'a'.repeat(64);
const hashB = 'b'.repeat(64);
const firstJoin = decideNode(register(hashA), initialNodeState());

describe('node decider', () => {
  it('registers and benchmarks a node it has never seen', () => {
    given([])
      .when(register(hashA))
      .then([
        {
          type: NodeRegistered.type,
          data: { nodeId, name: 'rig', hardware, runnerVersion: '0.1.0', registeredAt: '2025-01-01T00:00:00.000Z' },
        },
        {
          type: NodeBenchmarked.type,
          data: { nodeId, benchmark, hardware, reportHash: hashA, signature: `sig-${hashA}`, benchmarkedAt: '2025-01-01T00:00:00.000Z' },
        },
      ]);
  });

  it('only benchmarks a node that is already registered, at the time in the command', () => {
    const later = new Date('2025-02-01T00:00:00.000Z');
    given(firstJoin)
      .when(register(hashB, later))
      .then([{ type: NodeBenchmarked.type, data: expect.objectContaining({ reportHash: hashB, benchmarkedAt: later.toISOString() }) }]);
  });

  it('decides nothing for a report it has already recorded', () => {
    given(firstJoin).when(register(hashA)).then([]);
  });

  it('gives events ids derived from the report, so a repeated append is deduplicated', () => {
    const again = decideNode(register(hashA), initialNodeState());
    expect(again.map((e) => e.id)).toEqual(firstJoin.map((e) => e.id));
    expect(new Set(again.map((e) => e.id)).size).toBe(2);
  });

  it('keeps the latest benchmark and hardware in the state', () => {
    const upgraded = { ...hardware, cpuCores: 16 };
    const command = register(hashB);
    command.data.hardware = upgraded;
    const second = decideNode(command, firstJoin.reduce(evolveNode, initialNodeState()));
    const state = [...firstJoin, ...second].reduce(evolveNode, initialNodeState());
    expect(state).toMatchObject({ status: 'registered', name: 'rig', hardware: upgraded, reportHashes: [hashA, hashB] });
  });

  it('reports the first report as registering the node and later ones as re-benchmarks', () => {
    const registeredState = firstJoin.reduce(evolveNode, initialNodeState());
    const afterSecond = decideNode(register(hashB), registeredState).reduce(evolveNode, registeredState);
    expect(registrationStatusOf(registeredState, hashA)).toBe('registered');
    expect(registrationStatusOf(afterSecond, hashB)).toBe('re-benchmarked');
    expect(registrationStatusOf(afterSecond, hashA)).toBe('registered');
  });

  it('credits the registration to the report whose NodeRegistered was recorded, even when another benchmark landed first', () => {
    const [registeredByA, benchmarkedA] = firstJoin;
    const benchmarkedB = decideNode(register(hashB), [registeredByA!].reduce(evolveNode, initialNodeState()));
    const state = [registeredByA!, ...benchmarkedB, benchmarkedA!].reduce(evolveNode, initialNodeState());
    expect(registrationStatusOf(state, hashA)).toBe('registered');
    expect(registrationStatusOf(state, hashB)).toBe('re-benchmarked');
  });
});
