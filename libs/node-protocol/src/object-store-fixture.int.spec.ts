import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { TaskBlobStore, taskBucketName } from '@corex/eventstore';
import { openSealedBlob } from './sealing';

/**
 * Reads a task blob the way docs/node-protocol.md section 6 says a node does: direct gets in
 * subject form, raw core NATS requests with an empty payload, against a sealed blob the network
 * stores with its own TaskBlobStore, then opened with the assignment key. The subjects come from
 * the rules of the document, not from the code.
 */
const DIR = path.resolve(__dirname, '../../../docs/fixtures/node-protocol');
const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';

const bytesOf = (lines: string[]) => Buffer.from(lines.map((line) => line.slice(6).replace(/ /g, '')).join(''), 'hex');
const read = <T>(file: string) => JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as T;
const plain = read<{ sha256: string; bytes: string[] }>('tensor-map.json');
const sealedFixture = read<{ key: string; sha256: string; name: string; bytes: string[] }>('sealed-blob.json');
const sealed = bytesOf(sealedFixture.bytes);

const metaSubject = (bucket: string, name: string) => `$O.${bucket}.M.${Buffer.from(name).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;
const directGet = (bucket: string, subject: string) => `$JS.API.DIRECT.GET.OBJ_${bucket}.${subject}`;
const digestOf = (bytes: Uint8Array) => `SHA-256=${createHash('sha256').update(bytes).digest('base64url')}=`;

describe('reading a sealed task blob as the node protocol document says', () => {
  let nc: NatsConnection;
  const prefix = `np${randomBytes(5).toString('hex')}`;
  const bucket = taskBucketName(prefix);

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL, name: 'node-protocol-fixture' });
    await (await TaskBlobStore.open(nc, prefix)).put(sealedFixture.name, sealed);
  });

  afterAll(async () => {
    await (await jetstreamManager(nc)).streams.delete(`OBJ_${bucket}`).catch(() => undefined);
    await nc.close();
  });

  it('finds the metadata by the sealed name, then the sealed bytes by the chunk subject it names, and opens them with the key', async () => {
    const metaMsg = await nc.request(directGet(bucket, metaSubject(bucket, sealedFixture.name)), new Uint8Array(0), { timeout: 5_000 });
    const meta = metaMsg.json<{ nuid: string; chunks: number; digest: string; size: number; deleted?: boolean; metadata?: Record<string, string> }>();
    expect(meta).toMatchObject({ chunks: 1, size: sealed.length, digest: digestOf(sealed), metadata: { 'corex-parts': '1' } });
    expect(meta.deleted ?? false).toBe(false);
    expect(metaMsg.headers?.get('Nats-Subject')).toBe(metaSubject(bucket, sealedFixture.name));

    const chunk = await nc.request(directGet(bucket, `$O.${bucket}.C.${meta.nuid}`), new Uint8Array(0), { timeout: 5_000 });
    expect(Buffer.from(chunk.data).equals(sealed)).toBe(true);
    const opened = openSealedBlob(Buffer.from(sealedFixture.key, 'base64'), sealedFixture.sha256, chunk.data);
    expect(Buffer.from(opened).equals(bytesOf(plain.bytes))).toBe(true);
  });

  it('answers a name that is not stored with status 404 and no data', async () => {
    const missing = await nc.request(directGet(bucket, metaSubject(bucket, '0'.repeat(64))), new Uint8Array(0), { timeout: 5_000 });
    expect(missing.headers?.code).toBe(404);
    expect(missing.data.length).toBe(0);
  });
});
