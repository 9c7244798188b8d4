import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { blobBucketName, openEventLog, taskBucketName, uploadStreamName, type EventLog } from '@corex/eventstore';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A stream and subject prefix no other test uses, so tests never see each other's events. */
export function uniqueNames(label = 't'): { stream: string; prefix: string } {
  const suffix = randomBytes(5).toString('hex');
  return { stream: `TEST_${label.toUpperCase()}_${suffix}`, prefix: `${label}${suffix}` };
}

export async function openTestLog(service = 'test', label = 't'): Promise<EventLog> {
  return openEventLog({ url: NATS_URL, service, ...uniqueNames(label) });
}

/** Deletes the test stream, its blob and task buckets and upload stream (when a test made them) and closes the connection. */
export async function disposeTestLog(log: EventLog): Promise<void> {
  await log.jsm.streams.delete(log.store.names.stream).catch(() => undefined);
  await log.jsm.streams.delete(`OBJ_${blobBucketName(log.store.names.prefix)}`).catch(() => undefined);
  await log.jsm.streams.delete(`OBJ_${taskBucketName(log.store.names.prefix)}`).catch(() => undefined);
  await log.jsm.streams.delete(uploadStreamName(log.store.names.prefix)).catch(() => undefined);
  await log.close();
}

/** A fresh database for one test file; returns its URL and a drop function. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `corex_test_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
