import type { DataSource, EntityManager } from 'typeorm';

/**
 * signed: persisted with its nonce, maybe not yet broadcast; sent: the node took it;
 * filling: refused for good, its nonce being filled by a no-op transfer; mined, rejected: final;
 * failed: its nonce was used by a transaction this signer never signed (final, never re-sent).
 */
export type OutboxStatus = 'signed' | 'sent' | 'filling' | 'mined' | 'rejected' | 'failed';
export const OPEN_STATUSES: OutboxStatus[] = ['signed', 'sent', 'filling'];

export interface StoredRequest {
  to: string;
  data: string;
  value: string;
  gasLimit: string;
  maxFeePerGas: string;
  maxPriorityFeePerGas: string;
}

export interface OutboxRow {
  intentId: string;
  chainId: number;
  address: string;
  nonce: number;
  request: StoredRequest;
  raw: string;
  hash: string;
  hashes: string[];
  status: OutboxStatus;
  error: string | null;
  blockNumber: number | null;
  receiptStatus: number | null;
  updatedAt: Date;
}

const COLUMNS = `intent_id, chain_id, address, nonce, request, raw, hash, hashes, status, error, block_number, receipt_status, updated_at`;

const toRow = (r: Record<string, unknown>): OutboxRow => ({
  intentId: r.intent_id as string,
  chainId: Number(r.chain_id),
  address: r.address as string,
  nonce: Number(r.nonce),
  request: r.request as StoredRequest,
  raw: r.raw as string,
  hash: r.hash as string,
  hashes: r.hashes as string[],
  status: r.status as OutboxStatus,
  error: (r.error as string | null) ?? null,
  blockNumber: r.block_number === null ? null : Number(r.block_number),
  receiptStatus: r.receipt_status === null ? null : Number(r.receipt_status),
  updatedAt: r.updated_at as Date,
});

/** TypeORM answers an UPDATE ... RETURNING with [rows, affected count], an INSERT with the rows. */
const returned = (result: unknown): Record<string, unknown> => {
  const rows = result as unknown[];
  return (Array.isArray(rows[0]) ? rows[0][0] : rows[0]) as Record<string, unknown>;
};

/** The signer's durable state in schema `chain` (schema.ts). */
export class Outbox {
  constructor(
    private readonly ds: DataSource,
    readonly chainId: number,
    readonly address: string,
  ) {}

  async find(intentId: string, em: EntityManager = this.ds.manager): Promise<OutboxRow | undefined> {
    const rows = await em.query(`SELECT ${COLUMNS} FROM chain.outbox WHERE intent_id = $1`, [intentId]);
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  async open(): Promise<OutboxRow[]> {
    const rows = await this.ds.query(
      `SELECT ${COLUMNS} FROM chain.outbox WHERE chain_id = $1 AND address = $2 AND status = ANY($3) ORDER BY nonce`,
      [this.chainId, this.address, OPEN_STATUSES],
    );
    return rows.map(toRow);
  }

  /** Creates the nonce row at `chainNonce`, or moves it up to it: nonces the chain used are never handed out. */
  async syncNonce(chainNonce: number): Promise<void> {
    await this.ds.query(
      `INSERT INTO chain.signer_nonces (chain_id, address, next_nonce) VALUES ($1, $2, $3)
       ON CONFLICT (chain_id, address) DO UPDATE SET next_nonce = GREATEST(chain.signer_nonces.next_nonce, EXCLUDED.next_nonce)`,
      [this.chainId, this.address, chainNonce],
    );
  }

  /**
   * In one transaction, under the row lock of this address's nonce: the intent already stored,
   * or `sign(nonce)` stored as a new intent with the next nonce. Concurrent callers queue on the
   * lock, so they get consecutive nonces.
   */
  async reserve(intentId: string, sign: (nonce: number) => Promise<{ request: StoredRequest; raw: string; hash: string }>): Promise<{ row: OutboxRow; created: boolean }> {
    return this.ds.transaction(async (em) => {
      const locked = await em.query(`SELECT next_nonce FROM chain.signer_nonces WHERE chain_id = $1 AND address = $2 FOR UPDATE`, [this.chainId, this.address]);
      if (!locked[0]) throw new Error(`no nonce row for ${this.address} on chain ${this.chainId}: open the signer first`);
      const existing = await this.find(intentId, em);
      if (existing) return { row: existing, created: false };
      const nonce = Number(locked[0].next_nonce);
      const signed = await sign(nonce);
      const rows = await em.query(
        `INSERT INTO chain.outbox (intent_id, chain_id, address, nonce, request, raw, hash, hashes, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, ARRAY[$7], 'signed') RETURNING ${COLUMNS}`,
        [intentId, this.chainId, this.address, nonce, JSON.stringify(signed.request), signed.raw, signed.hash],
      );
      await em.query(`UPDATE chain.signer_nonces SET next_nonce = $3 WHERE chain_id = $1 AND address = $2`, [this.chainId, this.address, nonce + 1]);
      return { row: toRow(returned(rows)), created: true };
    });
  }

  async markSent(intentId: string): Promise<void> {
    await this.ds.query(`UPDATE chain.outbox SET status = 'sent', updated_at = now() WHERE intent_id = $1 AND status = 'signed'`, [intentId]);
  }

  /** A re-signed version of the same nonce (fee bump, or the no-op that fills a refused one's nonce). */
  async resign(intentId: string, update: { request: StoredRequest; raw: string; hash: string; status?: OutboxStatus; error?: string }): Promise<OutboxRow> {
    const rows = await this.ds.query(
      `UPDATE chain.outbox SET request = $2, raw = $3, hash = $4, hashes = array_append(hashes, $4), status = COALESCE($5, status),
         error = COALESCE($6, error), updated_at = now() WHERE intent_id = $1 RETURNING ${COLUMNS}`,
      [intentId, JSON.stringify(update.request), update.raw, update.hash, update.status ?? null, update.error ?? null],
    );
    return toRow(returned(rows));
  }

  async finish(intentId: string, final: { status: OutboxStatus; hash?: string; blockNumber?: number; receiptStatus?: number; error?: string }): Promise<OutboxRow> {
    const rows = await this.ds.query(
      `UPDATE chain.outbox SET status = $2, hash = COALESCE($3, hash), block_number = $4, receipt_status = $5, error = COALESCE($6, error), updated_at = now()
       WHERE intent_id = $1 RETURNING ${COLUMNS}`,
      [intentId, final.status, final.hash ?? null, final.blockNumber ?? null, final.receiptStatus ?? null, final.error ?? null],
    );
    return toRow(returned(rows));
  }
}
