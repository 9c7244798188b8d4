import {
  NodeBenchmarked,
  NodeLeft,
  NodeRegistered,
  type EventEnvelope,
  type NodeBenchmarkedData,
  type NodeRegisteredData,
} from '@corex/events';
import type { ProjectionDefinition } from '@corex/projections';

export interface NodeRow {
  id: string;
  name: string;
  status: string;
  hardware: unknown;
  benchmark: unknown;
  runner_version: string;
  registered_at: string;
  last_benchmark_at: string | null;
  benchmark_count: number;
  version: number;
}

export const nodesProjection: ProjectionDefinition<NodeRow> = {
  name: 'marketplace.nodes',
  table: 'marketplace.nodes',
  key: 'id',
  filter: 'node.*',
  handles: [NodeRegistered.type, NodeBenchmarked.type, NodeLeft.type],
  keyOf: (e: EventEnvelope) => (e.data as { nodeId: string }).nodeId,
  evolve: (row, e, seq) => {
    if (e.type === NodeRegistered.type) {
      const d = e.data as NodeRegisteredData;
      return {
        id: d.nodeId,
        name: d.name,
        status: 'registered',
        hardware: d.hardware,
        benchmark: row?.benchmark ?? null,
        runner_version: d.runnerVersion,
        registered_at: d.registeredAt,
        last_benchmark_at: row?.last_benchmark_at ?? null,
        benchmark_count: row?.benchmark_count ?? 0,
        version: seq,
      };
    }
    if (e.type === NodeBenchmarked.type && row) {
      const d = e.data as NodeBenchmarkedData;
      return {
        ...row,
        status: 'benchmarked',
        hardware: d.hardware,
        benchmark: { ...d.benchmark, reportHash: d.reportHash },
        last_benchmark_at: d.benchmarkedAt,
        benchmark_count: row.benchmark_count + 1,
        version: seq,
      };
    }
    // A node that left is listed as such until it joins again (its next report re-benchmarks it).
    if (e.type === NodeLeft.type && row) return { ...row, status: 'left', version: seq };
    return row;
  },
};
