import { PrivateDatasetRegistered, PrivateDatasetWithdrawn, type EventEnvelope, type PrivateDatasetRegisteredData } from '@corex/events';
import type { ProjectionDefinition } from '@corex/projections';

export interface FederationMemberRow {
  member_key: string;
  federation: string;
  node_id: string;
  rows: number;
  feature_names: string[];
  class_names: string[];
  schema_hash: string;
  registered_at: string;
  version: number;
}

/**
 * Each federation's current members (`federation.<name>`): schema and row count per node, for
 * GET /v1/federations/{name} and for checking federated job submissions. The node's dataset
 * name and encryption key are not kept: nothing here but what the route may show.
 */
export const federationsProjection: ProjectionDefinition<FederationMemberRow> = {
  name: 'marketplace.federation_members',
  table: 'marketplace.federation_members',
  key: 'member_key',
  filter: 'federation.*',
  handles: [PrivateDatasetRegistered.type, PrivateDatasetWithdrawn.type],
  creates: [PrivateDatasetRegistered.type],
  keyOf: (e: EventEnvelope) => {
    const d = e.data as { federation: string; nodeId: string };
    return `${d.federation}/${d.nodeId}`;
  },
  evolve: (_row, e, seq) => {
    if (e.type === PrivateDatasetWithdrawn.type) return null;
    const d = e.data as PrivateDatasetRegisteredData;
    return {
      member_key: `${d.federation}/${d.nodeId}`,
      federation: d.federation,
      node_id: d.nodeId,
      rows: d.rows,
      feature_names: [...d.featureNames],
      class_names: [...d.classNames],
      schema_hash: d.schemaHash,
      registered_at: d.registeredAt,
      version: seq,
    };
  },
};
