import type { DataSource } from 'typeorm';
import type { FederationView } from './federation.view.schema';

/** The federation's members as the projection holds them, or null when it has none. */
export async function federationView(ds: DataSource, name: string): Promise<FederationView | null> {
  const rows: { node_id: string; rows: number; feature_names: string[]; class_names: string[]; schema_hash: string }[] = await ds.query(
    `SELECT node_id, rows, feature_names, class_names, schema_hash FROM marketplace.federation_members WHERE federation = $1 ORDER BY node_id`,
    [name],
  );
  if (rows.length === 0) return null;
  const first = rows[0]!;
  return {
    name,
    members: rows.length,
    totalRows: rows.reduce((sum, r) => sum + Number(r.rows), 0),
    featureNames: first.feature_names,
    classNames: first.class_names,
    schemaHash: first.schema_hash,
    nodes: rows.map((r) => ({ nodeId: r.node_id, rows: Number(r.rows) })),
  };
}
