import { NodeBenchmarked, NodeRegistered, type Benchmark, type Hardware } from '@corex/events';
import { deterministicId } from '@corex/platform';
import type { NodeBenchmarkedEvent, NodeEvent } from './node.events';
import type { NodeState } from './node.state';

/** A verified, signed registration report, as the network accepts it. */
export interface RegisterNode {
  type: 'RegisterNode';
  data: {
    nodeId: string;
    name: string;
    hardware: Hardware;
    benchmark: Benchmark;
    runnerVersion: string;
    /** sha256 of the signed report's canonical bytes, and the node's signature over them. */
    reportHash: string;
    signature: string;
    now: Date;
  };
}

export type NodeCommand = RegisterNode;

/**
 * A new node is registered and benchmarked; a known one is benchmarked again. A report already
 * recorded decides nothing, so a retried or replayed report never counts twice.
 */
export function decideNode(command: NodeCommand, state: NodeState): NodeEvent[] {
  const { data } = command;
  if (state.status === 'unknown') return [registered(command), benchmarked(command)];
  if (state.reportHashes.includes(data.reportHash)) return [];
  return [benchmarked(command)];
}

/**
 * What a report did, once decided and applied. Told by the NodeRegistered event's id rather than
 * by order, because another report's NodeBenchmarked can land between a NodeRegistered and its own.
 */
export function registrationStatusOf(state: NodeState, reportHash: string): 'registered' | 're-benchmarked' {
  const registeredByThisReport = state.status === 'registered' && state.registrationEventId === registrationEventId(reportHash);
  return registeredByThisReport ? 'registered' : 're-benchmarked';
}

/** Ids derived from the report: appending the same decision twice is deduplicated by the log. */
function registrationEventId(reportHash: string): string {
  return deterministicId(NodeRegistered.type, reportHash);
}

function registered({ data }: RegisterNode): NodeEvent {
  return {
    id: registrationEventId(data.reportHash),
    type: NodeRegistered.type,
    data: {
      nodeId: data.nodeId,
      name: data.name,
      hardware: data.hardware,
      runnerVersion: data.runnerVersion,
      registeredAt: data.now.toISOString(),
    },
  };
}

function benchmarked({ data }: RegisterNode): NodeBenchmarkedEvent {
  return {
    id: deterministicId(NodeBenchmarked.type, data.reportHash),
    type: NodeBenchmarked.type,
    data: {
      nodeId: data.nodeId,
      benchmark: data.benchmark,
      hardware: data.hardware,
      reportHash: data.reportHash,
      signature: data.signature,
      benchmarkedAt: data.now.toISOString(),
    },
  };
}
