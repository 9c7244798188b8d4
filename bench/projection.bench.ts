/**
 * Projection throughput against real NATS and Postgres, on a fresh stream and database:
 *  (a) raw batched Postgres upsert: the rows the jobs projection produces, 1,000 per
 *      `INSERT ... SELECT * FROM unnest(...) ON CONFLICT DO UPDATE` on a plain connection;
 *  (b) the marketplace jobs projection catching up on N JobSubmitted events already in the
 *      stream: durable pull consume, per-key fold, upsert, checkpoint, commit, ack.
 * ratio = b / a; target 0.5. One warm-up round, then ROUNDS rounds alternating a and b, each on
 * a database of its own; medians are reported.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { JobSubmitted, subjects, type EventEnvelope } from '@corex/events';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { openDataSource, Projector, RowStore } from '@corex/projections';
import { marketplaceMigrations } from '../apps/marketplace/src/infrastructure/migrations';
import { jobsProjection, type JobRow } from '../apps/marketplace/src/projections/jobs.projection';
import { createTestDatabase, uniqueNames } from '../test/support/infra';
import { median, result, type BenchResult } from './report';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const N = 30_000;
const BATCH = 1000;
const TARGET_RATIO = 0.5;
const ROUNDS = 3;

function envelope(prefix: string, jobId: string): EventEnvelope {
  const id = randomUUID();
  return {
    specversion: '1.0', id, source: 'corex/bench', type: JobSubmitted.type, time: new Date().toISOString(),
    subject: subjects.job(jobId), correlationid: id, causationid: id, datacontenttype: 'application/json',
    data: {
      jobId, accountId: 'acc-bench', type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5',
      priority: 'normal', requirements: {}, params: {}, submittedAt: new Date().toISOString(),
    },
  };
}

async function fillStream(log: EventLog, envelopes: EventEnvelope[]): Promise<void> {
  const encoder = new TextEncoder();
  for (let i = 0; i < envelopes.length; i += 512) {
    await Promise.all(
      envelopes.slice(i, i + 512).map((e) => log.js.publish(log.store.subjectOf(e.subject), encoder.encode(JSON.stringify(e)))),
    );
  }
}

/**
 * (a) The same rows (every column of the read model), upserted with one unnest statement per
 * batch over a plain pg connection: no log, no fold, no checkpoint. Returns rows/s.
 */
async function rawUpsert(url: string, rows: JobRow[]): Promise<number> {
  const ds = await openDataSource({ url, migrations: marketplaceMigrations, migrationsTableName: 'marketplace_migrations' });
  await ds.query(`CREATE TABLE marketplace.jobs_raw (LIKE marketplace.jobs INCLUDING ALL)`);
  const store = new RowStore<JobRow>('marketplace.jobs_raw', 'id');
  const statements = [];
  for (let i = 0; i < rows.length; i += BATCH) statements.push(await store.upsertStatement(ds.manager, rows.slice(i, i + BATCH), 1));
  await ds.destroy();
  const client = new Client({ connectionString: url });
  await client.connect();
  const start = process.hrtime.bigint();
  for (const { sql, params } of statements) await client.query(sql, params);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await client.end();
  return rows.length / seconds;
}

/** (b) The projector catching up from the start of the stream; returns events/s. */
async function project(url: string, log: EventLog, lastSeq: number): Promise<number> {
  const ds = await openDataSource({ url, migrations: marketplaceMigrations, migrationsTableName: 'marketplace_migrations' });
  const projector = new Projector(ds, log, jobsProjection);
  const start = process.hrtime.bigint();
  await projector.start();
  await projector.waitFor(lastSeq, 300_000);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await projector.stop();
  const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM marketplace.jobs`);
  await ds.destroy();
  if (count !== N) throw new Error(`projection holds ${count} rows, expected ${N}`);
  return N / seconds;
}


/** Runs `measure` against a database of its own, dropped after. */
async function onFreshDatabase(measure: (url: string) => Promise<number>): Promise<number> {
  const { url, drop } = await createTestDatabase();
  try {
    return await measure(url);
  } finally {
    await drop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const log = await openEventLog({ url: NATS_URL, service: 'bench', ...uniqueNames('benchp') });
  try {
    const envelopes = Array.from({ length: N }, (_, i) => envelope(log.store.names.prefix, `job-${i}`));
    await fillStream(log, envelopes);
    const lastSeq = (await log.jsm.streams.info(log.store.names.stream)).state.last_seq;
    const rows = envelopes.map((e, i) => jobsProjection.evolve(null, e, i + 1)!);
    const raw: number[] = [];
    const projected: number[] = [];
    for (let r = 0; r <= ROUNDS; r++) {
      const a = await onFreshDatabase((url) => rawUpsert(url, rows));
      const b = await onFreshDatabase((url) => project(url, log, lastSeq));
      if (r === 0) continue; // warm-up: JIT, Postgres caches
      raw.push(a);
      projected.push(b);
      console.log(`  round ${r}/${ROUNDS}: raw upsert ${a.toFixed(0)} rows/s, projection ${b.toFixed(0)} events/s`);
    }
    return [
      result('projection', 'raw_batched_upsert_rows_per_s', median(raw)),
      result('projection', 'projection_events_per_s', median(projected), { baseline: median(raw), target: TARGET_RATIO }),
    ];
  } finally {
    await log.jsm.streams.delete(log.store.names.stream).catch(() => undefined);
    await log.close();
  }
}
