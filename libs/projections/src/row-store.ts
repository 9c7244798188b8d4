import type { EntityManager } from 'typeorm';
import { assertIdentifier } from './projection';

/** Set-based reads and writes of projection rows, one statement per batch. */
interface Column {
  name: string;
  /** Postgres element type, e.g. `text`, `int8`, `jsonb`: each column travels as one typed array. */
  type: string;
}

export class RowStore<Row extends object> {
  private columns?: Column[];

  constructor(
    readonly table: string,
    readonly key: string,
  ) {
    assertIdentifier(table);
    assertIdentifier(key);
  }

  async load(em: EntityManager, keys: string[]): Promise<Map<string, Row>> {
    const found = new Map<string, Row>();
    if (!keys.length) return found;
    const rows = await em.query(`SELECT to_jsonb(t) AS row FROM ${this.table} t WHERE ${this.key} = ANY($1)`, [keys]);
    for (const { row } of rows) found.set(String(row[this.key]), row as Row);
    return found;
  }

  async upsert(em: EntityManager, rows: Row[]): Promise<void> {
    if (!rows.length) return;
    const { sql, params } = await this.upsertStatement(em, rows, 1);
    await em.query(sql, params);
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

  async delete(em: EntityManager, keys: string[]): Promise<void> {
    if (keys.length) await em.query(`DELETE FROM ${this.table} WHERE ${this.key} = ANY($1)`, [keys]);
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
