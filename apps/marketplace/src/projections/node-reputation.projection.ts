import {
  NodeEvicted,
  NodeSuspended,
  ReputationChanged,
  TierChanged,
  type EventEnvelope,
  type NodeEvictedData,
  type NodeSuspendedData,
  type ReputationChangedData,
  type ReputationComponents,
  type Tier,
  type TierChangedData,
} from '@corex/events';
import type { ProjectionDefinition } from '@corex/projections';

/** A node's reputation, tier and standing as the reputation service last decided them (`marketplace.node_reputation`). */
export interface NodeReputationRow {
  node_id: string;
  score: number | null;
  components: ReputationComponents | null;
  indicators: Record<string, number | null> | null;
  scored_at: string | null;
  tier: Tier | null;
  tier_changed_at: string | null;
  /** The latest suspension's end; whether it still holds is decided when read. */
  suspended_until: string | null;
  suspension_reason: string | null;
  evicted_at: string | null;
  eviction_reason: string | null;
  version: number;
}

const empty = (nodeId: string): Omit<NodeReputationRow, 'version'> => ({
  node_id: nodeId,
  score: null,
  components: null,
  indicators: null,
  scored_at: null,
  tier: null,
  tier_changed_at: null,
  suspended_until: null,
  suspension_reason: null,
  evicted_at: null,
  eviction_reason: null,
});

const CHANGES: Record<string, (data: unknown) => Partial<NodeReputationRow>> = {
  [ReputationChanged.type]: (data) => {
    const d = data as ReputationChangedData;
    return { score: d.score, components: d.components, indicators: d.indicators, scored_at: d.changedAt };
  },
  [TierChanged.type]: (data) => {
    const d = data as TierChangedData;
    return { tier: d.to, tier_changed_at: d.changedAt };
  },
  [NodeSuspended.type]: (data) => {
    const d = data as NodeSuspendedData;
    return { suspended_until: d.until, suspension_reason: d.reason };
  },
  [NodeEvicted.type]: (data) => {
    const d = data as NodeEvictedData;
    return { evicted_at: d.evictedAt, eviction_reason: d.reason };
  },
};

/** The reputation service's decisions about each node, from its `reputation.<nodeId>` subjects. */
export const nodeReputationProjection: ProjectionDefinition<NodeReputationRow> = {
  name: 'marketplace.node_reputation',
  table: 'marketplace.node_reputation',
  key: 'node_id',
  filter: 'reputation.*',
  handles: Object.keys(CHANGES),
  keyOf: (e: EventEnvelope) => (e.data as { nodeId: string }).nodeId,
  evolve: (row, e, seq) => {
    const change = CHANGES[e.type];
    if (!change) return row;
    return { ...(row ?? empty((e.data as { nodeId: string }).nodeId)), ...change(e.data), version: seq };
  },
};
