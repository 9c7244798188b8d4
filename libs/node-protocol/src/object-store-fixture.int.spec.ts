import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { BlobStore } from '@corex/eventstore';

/**
 * Reads a blob the way docs/node-protocol.md section 6 says a node does: two direct gets in subject
 * form, raw core NATS requests with an empty payload, against blobs the network stores with its own
 * BlobStore. The subjects come from the rules of the document, not from the code.
 */
const DIR = path.resolve(__dirname, '../../../docs/fixtures/node-protocol');
const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';

const fixture = JSON.parse(readFileSync(path.join(DIR, 'tensor-map.json'), 'utf8')) as { sha256: string; bytes: string[] };
const bytes = Buffer.from(fixture.bytes.map((line) => line.slice(6).replace(/ /g, '')).join(''), 'hex');

const metaSubject = (bucket: string, name: string) => `$O.${bucket}.M.${Buffer.from(name).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;
const directGet = (bucket: string, subject: string) => `$JS.API.DIRECT.GET.OBJ_${bucket}.${subject}`;

describe('reading a blob as the node protocol document says', () => {
  let nc: NatsConnection;
  const bucket = `np${randomBytes(5).toString('hex')}-blobs`;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL, name: 'node-protocol-fixture' });
    const store = await BlobStore.open(nc, bucket);
    expect(await store.put(bytes)).toBe(fixture.sha256);
  });

  afterAll(async () => {
    await (await jetstreamManager(nc)).streams.delete(`OBJ_${bucket}`).catch(() => undefined);
    await nc.close();
  });

  it('finds the metadata by name, then the bytes by the chunk subject it names', async () => {
    const metaMsg = await nc.request(directGet(bucket, metaSubject(bucket, fixture.sha256)), new Uint8Array(0), { timeout: 5_000 });
    const meta = metaMsg.json<{ nuid: string; chunks: number; digest: string; size: number; deleted?: boolean }>();
    expect(meta).toMatchObject({ chunks: 1, size: bytes.length, digest: `SHA-256=${Buffer.from(fixture.sha256, 'hex').toString('base64url')}=` });
    expect(meta.deleted ?? false).toBe(false);
    expect(metaMsg.headers?.get('Nats-Subject')).toBe(metaSubject(bucket, fixture.sha256));

    const chunk = await nc.request(directGet(bucket, `$O.${bucket}.C.${meta.nuid}`), new Uint8Array(0), { timeout: 5_000 });
    expect(Buffer.from(chunk.data).equals(bytes)).toBe(true);
  });

  it('answers a name that is not stored with status 404 and no data', async () => {
    const missing = await nc.request(directGet(bucket, metaSubject(bucket, '0'.repeat(64))), new Uint8Array(0), { timeout: 5_000 });
    expect(missing.headers?.code).toBe(404);
    expect(missing.data.length).toBe(0);
  });
});
