import type { EntityManager } from 'typeorm';
import { assertIdentifier } from './projection';

interface Column {
  name: string;
  /** Postgres element type, e.g. `text`, `int8`, `jsonb`: each column travels as one typed array. */
  type: string;
}

/** The table of one projection: its typed columns and the batch upsert statement. */
export class RowStore<Row extends object> {
  private columns?: Column[];

  constructor(
    readonly table: string,
    readonly key: string,
  ) {
    assertIdentifier(table);
    assertIdentifier(key);
  }

  /**
   * One INSERT ... ON CONFLICT for all rows, each column passed as a typed array and expanded
   * with unnest (the same statement shape the projection bench's raw baseline uses).
   * Placeholders start at `$firstParam` so the statement can be embedded in a larger one.
   */
  async upsertStatement(em: EntityManager, rows: Row[], firstParam: number): Promise<{ sql: string; params: unknown[] }> {
    const columns = await this.columnsOf(em);
    const names = columns.map((c) => c.name);
    const arrays = columns.map((c, i) => `$${firstParam + i}::${c.type}[]`);
    const updates = names.filter((c) => c !== this.key).map((c) => `${c} = EXCLUDED.${c}`);
    const onConflict = updates.length ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING';
    const params = columns.map((c) => rows.map((row) => cell((row as Record<string, unknown>)[c.name], c.type)));
    const sql = `INSERT INTO ${this.table} (${names.join(', ')}) SELECT * FROM unnest(${arrays.join(', ')}) ON CONFLICT (${this.key}) ${onConflict}`;
    return { sql, params };
  }

  async truncate(em: EntityManager): Promise<void> {
    await em.query(`TRUNCATE ${this.table}`);
  }

  private async columnsOf(em: EntityManager): Promise<Column[]> {
    if (this.columns) return this.columns;
    const [schema, table] = this.table.split('.');
    const rows = await em.query(
      `SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
      [schema, table],
    );
    this.columns = rows.map((r: { column_name: string; udt_name: string }) => ({
      name: assertIdentifier(r.column_name),
      type: assertIdentifier(r.udt_name),
    }));
    return this.columns!;
  }
}

/** A row value as the typed array element Postgres expects; json columns travel as text. */
function cell(value: unknown, type: string): unknown {
  if (value === undefined || value === null) return null;
  return type === 'jsonb' || type === 'json' ? JSON.stringify(value) : value;
}
