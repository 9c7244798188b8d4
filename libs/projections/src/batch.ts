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
  /** Keys whose rows were read into `current` (default: all); a key not read may still have a row. */
  read?: ReadonlySet<string>,
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
    else if (current.has(key) || (read && !read.has(key))) deletes.push(key);
  }
  return { upserts, deletes, position };
}

/**
 * Keys of the rows a batch touches whose current row `evolve` needs: all but those whose first
 * event after `checkpoint` creates the row (`definition.creates`). Read in the same statement
 * that locks the checkpoint, so before it is known: the projector asks again with it.
 */
export function keysToLoad<Row extends object>(definition: ProjectionDefinition<Row>, events: StoredEvent[], checkpoint = 0): string[] {
  const firstType = new Map<string, string>();
  for (const { seq, event } of events) {
    if (seq <= checkpoint || !definition.handles.includes(event.type)) continue;
    const key = definition.keyOf(event);
    if (!firstType.has(key)) firstType.set(key, event.type);
  }
  const creates = definition.creates ?? [];
  return [...firstType].filter(([, type]) => !creates.includes(type)).map(([key]) => key);
}
