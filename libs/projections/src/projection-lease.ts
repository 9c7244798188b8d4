import { Client, type ClientConfig } from 'pg';
import type { Logger } from '@corex/platform';
import { noticeChannel, parseNotice, type AppliedNotice } from './applied-notices';
import { checkpointTable } from './checkpoint-store';
import type { StuckPosition } from './stuck';

/** First key of the two-key advisory locks of projections ('CORX'); the second is hashtext(name). */
const LOCK_CLASS = 0x434f5258;

/**
 * The right to apply one projection, and the notices of the batches applied by whoever holds
 * it. The right is a session-level advisory lock taken on a connection of its own: Postgres
 * releases it when that session ends, so a process that dies, or loses its connection, hands
 * the projection over without anyone deciding it. The same connection LISTENs for the
 * projection's applied notices.
 */
export class ProjectionLease {
  private client?: Client;
  private lostSignal: Promise<void> = Promise.resolve();
  private readonly channel: string;

  constructor(
    private readonly config: ClientConfig,
    private readonly name: string,
    private readonly schema: string,
    private readonly onNotice: (notice: AppliedNotice) => void,
    private readonly logger?: Logger,
  ) {
    this.channel = noticeChannel(name);
  }

  /** Resolves when the connection (and with it the lock, if held) is gone. */
  get lost(): Promise<void> {
    return this.lostSignal;
  }

  /** Connects, unless connected, and listens for the projection's applied notices. */
  async connect(): Promise<void> {
    if (this.client) return;
    const client = new Client(this.config);
    let markLost!: () => void;
    this.lostSignal = new Promise((resolve) => (markLost = resolve));
    const lose = (err?: Error) => {
      if (this.client === client) {
        this.client = undefined;
        if (err) this.logger?.warn({ err, projection: this.name }, 'projection lease connection lost');
      }
      markLost();
    };
    client.on('error', lose);
    client.on('end', () => lose());
    client.on('notification', (msg) => {
      const notice = msg.channel === this.channel && msg.payload ? parseNotice(msg.payload) : undefined;
      if (notice) this.onNotice(notice);
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (err) {
      markLost();
      await client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
  }

  /**
   * Takes the lock if nobody holds it, without waiting; also reads the projection's checkpoint
   * and where the holder is stuck, if it is.
   */
  async tryAcquire(): Promise<{ held: boolean; position: number; stuck?: StuckPosition }> {
    if (!this.client) throw new Error(`projection lease of ${this.name} is not connected`);
    const { rows } = await this.client.query(
      `SELECT pg_try_advisory_lock($1, hashtext($2)) AS held, cp.position, cp.stuck
         FROM (SELECT 1) AS one LEFT JOIN ${checkpointTable(this.schema)} cp ON cp.name = $2`,
      [LOCK_CLASS, this.name],
    );
    const row = rows[0];
    return { held: row.held === true, position: Number(row.position ?? 0), stuck: row.stuck ?? undefined };
  }

  /**
   * Asks the session whether it is still there; when it does not answer, ends it, which makes
   * `lost` resolve: the holder stops applying (Postgres has released, or will release, the lock).
   */
  async checkAlive(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      await client.query('SELECT 1');
    } catch (err) {
      this.logger?.warn({ err, projection: this.name }, 'projection lease connection does not answer; ending it');
      await this.close();
    }
  }

  /** Ends the session: releases the lock if held. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
