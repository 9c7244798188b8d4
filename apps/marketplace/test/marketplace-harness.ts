import { createTestDatabase, NATS_URL, uniqueNames } from '../../../test/support/infra';
import type { NewEvent } from '@corex/events';
import { Client } from 'pg';
import { blobBucketName, openEventLog, type EventLog } from '@corex/eventstore';
import { marketplaceConfigSchema } from '../src/config';
import { startMarketplace, type RunningMarketplace } from '../src/start';
import type { CatalogEntries } from '../src/catalog/catalog.service';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const DATASET_LIMIT = 64 * 1024;

export const testCatalog: CatalogEntries = {
  models: [
    { id: 'penguins-mlp', tasks: ['inference', 'training', 'feature-extraction'], inputs: 4, classes: 3 },
    { id: 'standardizer', tasks: ['preprocessing'], inputs: 'any' },
    { id: 'noise-augmenter', tasks: ['preprocessing'], inputs: 'any' },
    { id: 'mlp', tasks: ['inference', 'training', 'feature-extraction'], inputs: 'any', objectives: ['classification', 'regression'] },
  ],
  datasets: [{ id: 'penguins', features: ['beak_length', 'beak_depth', 'flipper_length', 'body_mass'], classes: ['Adelie', 'Chinstrap', 'Gentoo'] }],
};

export interface Harness {
  api: RunningMarketplace;
  log: EventLog;
  /** The marketplace's own database (for a test that needs a connection of its own). */
  databaseUrl: string;
  request(method: string, path: string, opts?: { token?: string; body?: unknown; raw?: string | Uint8Array; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  createAccount(name?: string): Promise<{ id: string; apiKey: string }>;
  /** Number of messages in the test stream: proves whether anything was appended. */
  eventCount(): Promise<number>;
  /** Appends to an aggregate at its current version, as the scheduler would; returns the last sequence. */
  append(subject: string, events: NewEvent[]): Promise<number>;
  /**
   * Waits until projections have applied the event at `seq`. Name only projections whose filter
   * matches that event: the others' positions stop at the last event they read.
   */
  settle(seq: number, projections?: string[]): Promise<void>;
  /** Objects in the blob store: proves whether a refused upload stored anything. */
  blobCount(): Promise<number>;
  /** Reads the marketplace database directly. */
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A marketplace on a random port with its own stream and database. */
export async function startHarness(options: { now?: () => Date; env?: Record<string, string> } = {}): Promise<Harness> {
  const names = uniqueNames('mkt');
  const db = await createTestDatabase();
  const config = marketplaceConfigSchema.parse({
    PORT: '0',
    HOST: '127.0.0.1',
    NATS_URL,
    DATABASE_URL: db.url,
    COREX_STREAM: names.stream,
    COREX_SUBJECT_PREFIX: names.prefix,
    COREX_ADMIN_TOKEN: ADMIN_TOKEN,
    BODY_LIMIT_BYTES: '16384',
    DATASET_LIMIT_BYTES: String(DATASET_LIMIT),
    MODEL_LIMIT_BYTES: '1048576',
    SSE_HEARTBEAT_MS: '300',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const api = await startMarketplace(config, { catalog: testCatalog, now: options.now });
  const log = await openEventLog({ url: NATS_URL, service: 'test', ...names });
  const pg = new Client({ connectionString: db.url });
  await pg.connect();

  const request: Harness['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | Uint8Array | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${api.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // non-JSON bodies (docs page, metrics) stay text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };

  return {
    api,
    log,
    databaseUrl: db.url,
    request,
    async createAccount(name = 'acme') {
      const res = await request('POST', '/v1/accounts', { token: ADMIN_TOKEN, body: { name } });
      if (res.status !== 201) throw new Error(`account creation failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async eventCount() {
      return (await log.jsm.streams.info(names.stream)).state.messages;
    },
    async append(subject, events) {
      const { version } = await log.store.read(subject);
      return (await log.store.append(subject, events, version)).version;
    },
    async settle(seq, projections = ['marketplace.jobs']) {
      await Promise.all(projections.map((name) => api.waitForProjection(name, seq)));
    },
    async blobCount() {
      const info = await log.jsm.streams.info(`OBJ_${blobBucketName(names.prefix)}`).catch(() => null);
      return info?.state.messages ?? 0;
    },
    async query(sql, params = []) {
      return (await pg.query(sql, params)).rows;
    },
    async close() {
      await pg.end();
      await api.close();
      await log.jsm.streams.delete(names.stream).catch(() => undefined);
      await log.close();
      await db.drop();
    },
  };
}
