import type { StoredEvent } from '@corex/events';
import type { ProjectionDefinition } from './projection';

export interface CollapsedBatch<Row> {
  upserts: Row[];
  deletes: string[];
  /** Highest stream sequence seen in the batch (handled or not). */
  position: number;
}

/**
 * Folds a batch into one final state per key, so a single statement never touches a row
 * twice. Events at or below the checkpoint are skipped: redelivery changes nothing.
 */
export function collapseBatch<Row extends object>(
  definition: ProjectionDefinition<Row>,
  events: StoredEvent[],
  checkpoint: number,
  current: Map<string, Row>,
): CollapsedBatch<Row> {
  const touched = new Map<string, Row | null>();
  let position = checkpoint;
  for (const { seq, event } of events) {
    if (seq <= checkpoint) continue;
    position = Math.max(position, seq);
    if (!definition.handles.includes(event.type)) continue;
    const key = definition.keyOf(event);
    const before = touched.has(key) ? touched.get(key)! : (current.get(key) ?? null);
    touched.set(key, definition.evolve(before, event, seq));
  }
  const upserts: Row[] = [];
  const deletes: string[] = [];
  for (const [key, row] of touched) {
    if (row) upserts.push(row);
    else if (current.has(key)) deletes.push(key);
  }
  return { upserts, deletes, position };
}

/** Keys of the rows a batch touches: read in the same statement that locks the checkpoint. */
export function keysToLoad<Row extends object>(definition: ProjectionDefinition<Row>, events: StoredEvent[]): string[] {
  const keys = new Set<string>();
  for (const { event } of events) if (definition.handles.includes(event.type)) keys.add(definition.keyOf(event));
  return [...keys];
}
