import type { EventEnvelope } from '@corex/events';

/**
 * A read model kept in one Postgres table: a pure `evolve(row, event)` plus the events it
 * handles. Row keys are the table's column names.
 */
export interface ProjectionDefinition<Row extends object = Record<string, unknown>> {
  /** Checkpoint name, e.g. `marketplace.jobs`. */
  readonly name: string;
  /** Schema-qualified table, e.g. `marketplace.jobs`; its schema also holds the checkpoint. */
  readonly table: string;
  /** Primary key column. */
  readonly key: keyof Row & string;
  /** Relative subject filter of the events it reads, e.g. `job.*`. */
  readonly filter: string;
  /** Event types (with version) it handles; others only advance the checkpoint. */
  readonly handles: readonly string[];
  /**
   * Event types whose `evolve` ignores the row it is given: they create the row from the event
   * alone. A key whose first new event in a batch is one of them is not read from the table.
   */
  readonly creates?: readonly string[];
  /** The row an event belongs to. */
  keyOf(event: EventEnvelope): string;
  /** The row after the event; null deletes it. Must be pure: replays depend on it. */
  evolve(row: Row | null, event: EventEnvelope, seq: number): Row | null;
}

export function schemaOf(table: string): string {
  const dot = table.indexOf('.');
  if (dot < 0) throw new Error(`projection table must be schema-qualified: ${table}`);
  return table.slice(0, dot);
}

/** Identifiers go into SQL text; only plain lower-case names are allowed. */
export function assertIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(name)) throw new Error(`unsafe SQL identifier: ${name}`);
  return name;
}
