import { NodeBenchmarked, NodeRegistered, type Benchmark, type Hardware } from '@corex/events';
import type { NodeEvent } from './node.events';

export type NodeState =
  | { status: 'unknown' }
  | {
      status: 'registered';
      nodeId: string;
      name: string;
      hardware: Hardware;
      runnerVersion: string;
      registeredAt: string;
      /** Id of the NodeRegistered event: it names the report that registered the node. */
      registrationEventId?: string;
      lastBenchmark?: Benchmark;
      /** Hashes of every report recorded, oldest first. */
      reportHashes: readonly string[];
    };

/** A node the network has never heard of. */
export function initialNodeState(): NodeState {
  return { status: 'unknown' };
}

/** Applies one recorded event to the node's state. */
export function evolveNode(state: NodeState, event: NodeEvent): NodeState {
  switch (event.type) {
    case NodeRegistered.type: {
      const { nodeId, name, hardware, runnerVersion, registeredAt } = event.data;
      const registrationEventId = event.id;
      return { status: 'registered', nodeId, name, hardware, runnerVersion, registeredAt, registrationEventId, reportHashes: [] };
    }
    case NodeBenchmarked.type: {
      if (state.status !== 'registered') return state;
      const { benchmark, hardware, reportHash } = event.data;
      return { ...state, hardware, lastBenchmark: benchmark, reportHashes: [...state.reportHashes, reportHash] };
    }
    default:
      return state;
  }
}
