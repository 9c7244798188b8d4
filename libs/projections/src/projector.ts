import type { DataSource } from 'typeorm';
import type { StoredEvent } from '@corex/events';
import type { DurableConsumer, EventLog } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import { collapseBatch, keysToLoad } from './batch';
import { loadRows, lockAndLoad, writeBatch } from './batch-statements';
import { ensureCheckpointTable, lockCheckpoint, readCheckpoint, resetCheckpoint } from './checkpoint-store';
import { schemaOf, type ProjectionDefinition } from './projection';
import { RowStore } from './row-store';
import { PositionWaiters } from './position-waiters';

/** Told, after each committed batch, which row keys it touched and the position it reached. */
export type AppliedListener = (keys: string[], position: number) => void;

export interface ProjectorOptions {
  maxBatch?: number;
  ackWaitMs?: number;
  /** Test seam: runs after the batch committed and before it is acked. */
  afterCommit?: (events: StoredEvent[]) => Promise<void>;
}

/**
 * Keeps one projection up to date from the log: each batch is folded per key, written and
 * the checkpoint advanced in one transaction, then acked. The checkpoint decides what is
 * new, so redelivered or replayed events change nothing.
 */
export class Projector<Row extends object> {
  private readonly rows: RowStore<Row>;
  private readonly schema: string;
  private waiters = new PositionWaiters();
  private readonly listeners = new Set<AppliedListener>();
  private consumer?: DurableConsumer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: EventLog,
    readonly definition: ProjectionDefinition<Row>,
    private readonly options: ProjectorOptions = {},
    private readonly logger?: Logger,
  ) {
    this.rows = new RowStore<Row>(definition.table, definition.key);
    this.schema = schemaOf(definition.table);
  }

  get durableName(): string {
    return `proj_${this.definition.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  }

  async start(): Promise<void> {
    await this.dataSource.transaction((em) => ensureCheckpointTable(em, this.schema));
    this.waiters.reached(await this.position());
    this.consumer = this.log.consumer(
      {
        durable: this.durableName,
        filter: this.definition.filter,
        maxBatch: this.options.maxBatch ?? 1000,
        ackAll: true,
        ackWaitMs: this.options.ackWaitMs,
        resumeAfter: () => this.position(),
      },
      (events) => this.applyBatch(events),
    );
    this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
    this.waiters.rejectAll(new Error(`projector ${this.definition.name} stopped`));
  }

  /** The stream sequence up to which the read model is complete. */
  position(): Promise<number> {
    return readCheckpoint(this.dataSource.manager, this.schema, this.definition.name);
  }

  /** Resolves once the read model includes the event at `seq`: read-your-writes for commands. */
  waitFor(seq: number, timeoutMs = 10_000): Promise<void> {
    return this.waiters.wait(seq, timeoutMs);
  }

  /**
   * In-process notification after each committed batch that advanced the checkpoint, with the
   * keys of the rows it upserted or deleted. Listeners run synchronously and must not throw
   * (an error is logged and ignored). Returns the unsubscribe function.
   */
  onApplied(listener: AppliedListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  async applyBatch(events: StoredEvent[]): Promise<void> {
    const def = this.definition;
    const { position, keys } = await this.dataSource.transaction(async (em) => {
      const read = new Set(keysToLoad(def, events));
      const { checkpoint, current } = await lockAndLoad(em, this.rows, this.schema, def.name, [...read]);
      // Events behind the checkpoint are skipped: a key they would have created must be read after all.
      const unread = checkpoint > 0 ? keysToLoad(def, events, checkpoint).filter((key) => !read.has(key)) : [];
      if (unread.length > 0) {
        for (const [key, row] of await loadRows(em, this.rows, unread)) current.set(key, row);
        for (const key of unread) read.add(key);
      }
      const batch = collapseBatch(def, events, checkpoint, current, read);
      if (batch.position <= checkpoint) return { position: batch.position, keys: null };
      await writeBatch(em, this.rows, this.schema, def.name, batch);
      return { position: batch.position, keys: [...batch.upserts.map((row) => String(row[def.key])), ...batch.deletes] };
    });
    await this.options.afterCommit?.(events);
    this.waiters.reached(position);
    if (keys) this.notify(keys, position);
  }

  private notify(keys: string[], position: number): void {
    for (const listener of this.listeners) {
      try {
        listener(keys, position);
      } catch (err) {
        this.logger?.error({ err, projection: this.definition.name }, 'applied listener failed');
      }
    }
  }

  /** Empties the read model and replays the whole log into it. */
  async rebuild(): Promise<void> {
    await this.stop();
    await this.dataSource.transaction(async (em) => {
      await ensureCheckpointTable(em, this.schema);
      await lockCheckpoint(em, this.schema, this.definition.name);
      await this.rows.truncate(em);
      await resetCheckpoint(em, this.schema, this.definition.name);
    });
    this.waiters = new PositionWaiters();
    this.logger?.info({ projection: this.definition.name }, 'projection reset; replaying from the start');
    await this.start();
  }
}
