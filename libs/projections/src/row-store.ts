import type { EntityManager } from 'typeorm';
import { assertIdentifier } from './projection';

/** Set-based reads and writes of projection rows, one statement per batch. */
export class RowStore<Row extends object> {
  private columns?: string[];

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
    if (rows.length) await em.query(await this.upsertSql(em, '$1'), [JSON.stringify(rows)]);
  }

  /** The upsert of a JSON array of rows passed as `param`; one statement however many rows. */
  async upsertSql(em: EntityManager, param: string): Promise<string> {
    const columns = await this.columnNames(em);
    const updates = columns.filter((c) => c !== this.key).map((c) => `${c} = EXCLUDED.${c}`);
    const onConflict = updates.length ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING';
    return `INSERT INTO ${this.table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM jsonb_populate_recordset(NULL::${this.table}, ${param}::jsonb) ON CONFLICT (${this.key}) ${onConflict}`;
  }

  async delete(em: EntityManager, keys: string[]): Promise<void> {
    if (keys.length) await em.query(`DELETE FROM ${this.table} WHERE ${this.key} = ANY($1)`, [keys]);
  }

  async truncate(em: EntityManager): Promise<void> {
    await em.query(`TRUNCATE ${this.table}`);
  }

  private async columnNames(em: EntityManager): Promise<string[]> {
    if (this.columns) return this.columns;
    const [schema, table] = this.table.split('.');
    const rows = await em.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
      [schema, table],
    );
    this.columns = rows.map((r: { column_name: string }) => assertIdentifier(r.column_name));
    return this.columns!;
  }
}
