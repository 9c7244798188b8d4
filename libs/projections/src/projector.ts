import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { StoredEvent } from '@corex/events';
import type { DurableConsumer, EventLog } from '@corex/eventstore';
import { PositionWaiters, type Logger } from '@corex/platform';
import { noticeChannel, noticePayloads, type AppliedNotice } from './applied-notices';
import { collapseBatch, keysToLoad } from './batch';
import { loadRows, lockAndLoad, writeBatch } from './batch-statements';
import { ensureCheckpointTable, lockCheckpoint, readCheckpoint, recordStuck, resetCheckpoint } from './checkpoint-store';
import { clientConfigOf } from './data-source';
import { schemaOf, type ProjectionDefinition } from './projection';
import { ProjectionLease } from './projection-lease';
import { RowStore } from './row-store';
import { ProjectionApplyError, StuckTracker, type StuckPosition } from './stuck';

/** Told, after each committed batch, which row keys it touched and the position it reached. */
/**
 * Told, after each committed batch, which row keys it touched and the position it reached;
 * `keys` is null when a standby learns the position from the checkpoint, not from a notice it
 * missed (its connection was down): then any row may have changed.
 */
export type AppliedListener = (keys: string[] | null, position: number) => void;

export interface ProjectorOptions {
  maxBatch?: number;
  /** Test seam: runs after the batch committed and before it is acked. */
  afterCommit?: (events: StoredEvent[]) => Promise<void>;
  /** How often a standby tries to take the projection over, and reads its checkpoint (default 1 s). */
  takeoverPollMs?: number;
  /** First delay after a failure to apply; doubles while failures repeat (default 250 ms). */
  retryDelayMs?: number;
  /** Longest delay between attempts (default 30 s). */
  maxRetryDelayMs?: number;
}

/** `active`: this process applies the projection; `standby`: another one does, this one waits to take over. */
export type ProjectorRole = 'stopped' | 'standby' | 'active';

export interface ProjectorStatus {
  role: ProjectorRole;
  /** Position this process knows the read model has reached. */
  position: number;
  /** Set while the active projector cannot get past an event. */
  stuck?: StuckPosition;
  /** Failed attempts to apply since the start (a counter). */
  failures: number;
}

/**
 * Keeps one projection up to date from the log: each batch is folded per key, written and
 * the checkpoint advanced in one transaction. The checkpoint decides what is new, so
 * redelivered or replayed events change nothing.
 *
 * Exactly one process applies a projection at a time: the holder of its advisory lock
 * (`ProjectionLease`), which reads the log with an ordered consumer of its own from the
 * checkpoint. The others stand by, take over when the holder's session ends, and learn of
 * every committed batch from the NOTIFY sent in its transaction, so `waitFor` and `onApplied`
 * work in every process.
 */
export class Projector<Row extends object> {
  private readonly rows: RowStore<Row>;
  private readonly schema: string;
  private readonly origin = randomBytes(6).toString('hex');
  private readonly channel: string;
  private waiters = new PositionWaiters();
  private readonly listeners = new Set<AppliedListener>();
  /** Position up to which the listeners have been told. */
  private announced = 0;
  private readonly stuck = new StuckTracker();
  private consumer?: DurableConsumer;
  private lease?: ProjectionLease;
  private role: ProjectorRole = 'stopped';
  private supervising?: Promise<void>;
  private stopping = false;
  private stopSignal: Promise<void> = Promise.resolve();
  private signalStop: () => void = () => undefined;
  private resetOnAcquire = false;
  /** The last batch handed over by the consumer, and when, while it is applied: says whether a stalled projection waits for events or for its writes. */
  private lastBatch?: { fromSeq: number; toSeq: number; at: number; state: 'being applied' | 'applied' | 'failed' };

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: EventLog,
    readonly definition: ProjectionDefinition<Row>,
    private readonly options: ProjectorOptions = {},
    private readonly logger?: Logger,
  ) {
    this.rows = new RowStore<Row>(definition.table, definition.key);
    this.schema = schemaOf(definition.table);
    this.channel = noticeChannel(definition.name);
  }

  /** Joins the processes of this projection: applies it when it gets the lease, else stands by. */
  async start(): Promise<void> {
    await this.dataSource.transaction((em) => ensureCheckpointTable(em, this.schema));
    if (!this.resetOnAcquire) this.waiters.reached(await this.position());
    this.lease = new ProjectionLease(clientConfigOf(this.dataSource), this.definition.name, this.schema, (n) => this.onNotice(n), this.logger);
    await this.lease.connect();
    this.stopping = false;
    this.stopSignal = new Promise((resolve) => (this.signalStop = resolve));
    this.role = 'standby';
    this.supervising = this.supervise(this.lease);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.signalStop();
    await this.supervising;
    this.supervising = undefined;
    await this.lease?.close();
    this.lease = undefined;
    this.role = 'stopped';
    this.waiters.rejectAll(new Error(`projector ${this.definition.name} stopped`));
  }

  /** The stream sequence up to which the read model is complete. */
  position(): Promise<number> {
    return readCheckpoint(this.dataSource.manager, this.schema, this.definition.name);
  }

  /** Resolves once the read model includes the event at `seq`: read-your-writes for commands. */
  waitFor(seq: number, timeoutMs = 10_000): Promise<void> {
    return this.waiters.wait(seq, timeoutMs).catch((err: Error) => {
      throw new Error(`${this.definition.name}: ${err.message}; ${this.describe()}`);
    });
  }

  /** Where the projector is, in words: its role, its last batch (applied or still being written) and where it is stuck. */
  private describe(): string {
    const b = this.lastBatch;
    const batch = b ? `last batch ${b.fromSeq}..${b.toSeq} ${b.state} (handed over ${Date.now() - b.at} ms ago)` : 'no batch received';
    const stuck = this.stuck.current;
    const pool = (this.dataSource.driver as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
    const connections = pool ? `, pool ${pool.totalCount} connections (${pool.idleCount} idle, ${pool.waitingCount} waiting)` : '';
    return `${this.role}, ${batch}${connections}${stuck ? `, stuck at ${stuck.seq} after ${stuck.attempts} attempts: ${stuck.error}` : ''}`;
  }

  /** Role, known position and, while it cannot get past an event, where it is stuck. */
  status(): ProjectorStatus {
    return { role: this.role, position: this.waiters.current, stuck: this.stuck.current, failures: this.stuck.failures };
  }

  /**
   * Notification after each committed batch that advanced the checkpoint, with the keys of the
   * rows it upserted or deleted, in every process (from another process's batch, a large one may
   * come as several calls with the same position). Listeners run synchronously and must not throw
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
      const keys = [...batch.upserts.map((row) => String(row[def.key])), ...batch.deletes];
      await writeBatch(em, this.rows, this.schema, def.name, batch, { channel: this.channel, payloads: noticePayloads(this.origin, batch.position, keys) });
      return { position: batch.position, keys };
    });
    await this.options.afterCommit?.(events);
    this.stuck.passed(position);
    this.waiters.reached(position);
    if (keys) this.notify(keys, position);
  }

  /** Empties the read model and replays the whole log into it, once this process holds the lease. */
  async rebuild(): Promise<void> {
    await this.stop();
    this.waiters = new PositionWaiters();
    this.resetOnAcquire = true;
    await this.start();
  }

  /** Tries for the lease until stopped; applies the projection while holding it. */
  private async supervise(lease: ProjectionLease): Promise<void> {
    while (!this.stopping) {
      try {
        await lease.connect();
        const { held, position, stuck } = await lease.tryAcquire();
        if (!this.resetOnAcquire) this.waiters.reached(position);
        if (!held) this.stuck.observe(stuck);
        // Batches this standby heard of by no notice (missed while its connection was down).
        if (!held && !this.resetOnAcquire && position > this.announced) this.notify(null, position);
        if (held) {
          await this.lead(lease);
          continue;
        }
      } catch (err) {
        if (!this.stopping) this.logger?.warn({ err, projection: this.definition.name }, 'projection lease check failed');
        // A check that failed or timed out may have left the session unusable: start a new one next time.
        await lease.close();
      }
      await Promise.race([this.stopSignal, delay(this.options.takeoverPollMs ?? 1_000)]);
    }
  }

  /** Applies the projection until this process loses the lease or stops. */
  private async lead(lease: ProjectionLease): Promise<void> {
    if (this.resetOnAcquire) {
      await this.reset();
      this.resetOnAcquire = false;
    }
    this.logger?.info({ projection: this.definition.name }, 'projection active in this process');
    this.consumer = this.log.consumer(
      {
        filter: this.definition.filter,
        maxBatch: this.options.maxBatch ?? 1000,
        resumeAfter: () => this.position(),
        restartDelayMs: this.options.retryDelayMs ?? 250,
        maxRestartDelayMs: this.options.maxRetryDelayMs ?? 30_000,
        onFailure: (err, _inARow, retryInMs) => this.failed(err, retryInMs),
      },
      (events) => this.applyInOrder(events),
    );
    this.role = 'active';
    this.consumer.start();
    // The lease connection only listens: ask it now and then, so a session that died silently is noticed.
    const alive = setInterval(() => void lease.checkAlive(), this.options.takeoverPollMs ?? 1_000);
    alive.unref();
    await Promise.race([lease.lost, this.stopSignal]).finally(() => clearInterval(alive));
    await this.consumer.stop();
    this.consumer = undefined;
    if (this.stopping) return;
    this.role = 'standby';
    this.logger?.warn({ projection: this.definition.name }, 'projection lease lost; standing by');
  }

  /** Applies a batch handed over by the consumer, remembering it for describe(). */
  private async applyInOrder(events: StoredEvent[]): Promise<void> {
    const batch: NonNullable<typeof this.lastBatch> = { fromSeq: events[0]?.seq ?? 0, toSeq: events.at(-1)?.seq ?? 0, at: Date.now(), state: 'being applied' };
    this.lastBatch = batch;
    try {
      await this.applyOneByOneOnFailure(events);
      batch.state = 'applied';
    } catch (err) {
      batch.state = 'failed';
      throw err;
    }
  }

  /**
   * Applies a batch; when it fails, applies its events one by one, so the events before the one
   * that cannot be applied are kept and the failure names that event.
   */
  private async applyOneByOneOnFailure(events: StoredEvent[]): Promise<void> {
    try {
      await this.applyBatch(events);
      return;
    } catch (err) {
      if (events.length === 1) throw new ProjectionApplyError(this.definition.name, events[0]!, err);
    }
    for (const event of events) {
      try {
        await this.applyBatch([event]);
      } catch (err) {
        throw new ProjectionApplyError(this.definition.name, event, err);
      }
    }
  }

  private failed(err: unknown, retryInMs: number): void {
    const stuck = this.stuck.failed(err, this.waiters.current + 1, retryInMs);
    recordStuck(this.dataSource.manager, this.schema, this.definition.name, stuck).catch(() => undefined);
    const level = stuck.attempts === 1 ? 'error' : 'warn';
    this.logger?.[level]({ err, projection: this.definition.name, ...stuck, error: undefined }, 'projection cannot apply an event; retrying');
  }

  private async reset(): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await lockCheckpoint(em, this.schema, this.definition.name);
      await this.rows.truncate(em);
      await resetCheckpoint(em, this.schema, this.definition.name);
    });
    this.logger?.info({ projection: this.definition.name }, 'projection reset; replaying from the start');
  }

  private onNotice(notice: AppliedNotice): void {
    if (notice.origin === this.origin || this.resetOnAcquire) return;
    this.stuck.passed(notice.position);
    this.waiters.reached(notice.position);
    this.notify(notice.keys, notice.position);
  }

  private notify(keys: string[] | null, position: number): void {
    this.announced = Math.max(this.announced, position);
    for (const listener of this.listeners) {
      try {
        listener(keys, position);
      } catch (err) {
        this.logger?.error({ err, projection: this.definition.name }, 'applied listener failed');
      }
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
