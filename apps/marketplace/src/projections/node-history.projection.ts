import {
  NodeEvicted,
  NodeSuspended,
  ReputationChanged,
  TierChanged,
  type EventEnvelope,
  type NodeEvictedData,
  type NodeSuspendedData,
  type ReputationChangedData,
  type TierChangedData,
} from '@corex/events';
import type { ProjectionDefinition } from '@corex/projections';

/** One decision of the reputation service about a node (`marketplace.node_reputation_history`): the series behind the charts. */
export interface NodeReputationPointRow {
  event_id: string;
  node_id: string;
  kind: 'score' | 'tier' | 'suspended' | 'evicted';
  score: number | null;
  tier: string | null;
  reason: string | null;
  at: string;
  seq: number;
  version: number;
}

type Point = Pick<NodeReputationPointRow, 'kind' | 'score' | 'tier' | 'reason' | 'at'>;

const POINTS: Record<string, (data: unknown) => Point> = {
  [ReputationChanged.type]: (data) => {
    const d = data as ReputationChangedData;
    return { kind: 'score', score: d.score, tier: null, reason: null, at: d.changedAt };
  },
  [TierChanged.type]: (data) => {
    const d = data as TierChangedData;
    return { kind: 'tier', score: null, tier: d.to, reason: d.reason, at: d.changedAt };
  },
  [NodeSuspended.type]: (data) => {
    const d = data as NodeSuspendedData;
    return { kind: 'suspended', score: null, tier: null, reason: d.reason, at: d.suspendedAt };
  },
  [NodeEvicted.type]: (data) => {
    const d = data as NodeEvictedData;
    return { kind: 'evicted', score: null, tier: null, reason: d.reason, at: d.evictedAt };
  },
};

/** Every reputation, tier and standing decision, one row per event (node_reputation keeps only the latest). */
export const nodeReputationHistoryProjection: ProjectionDefinition<NodeReputationPointRow> = {
  name: 'marketplace.node_reputation_history',
  table: 'marketplace.node_reputation_history',
  key: 'event_id',
  filter: 'reputation.*',
  handles: Object.keys(POINTS),
  creates: Object.keys(POINTS),
  keyOf: (e: EventEnvelope) => e.id,
  evolve: (_row, e, seq) => {
    const point = POINTS[e.type];
    if (!point) return null;
    return { event_id: e.id, node_id: (e.data as { nodeId: string }).nodeId, ...point(e.data), seq, version: seq };
  },
};
