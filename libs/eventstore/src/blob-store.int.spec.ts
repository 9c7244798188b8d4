import { createHash } from 'node:crypto';
import { Objm } from '@nats-io/obj';
import { disposeTestLog, openTestLog } from '../../../test/support/infra';
import { BlobHashMismatchError, BlobStore, blobBucketName, type EventLog } from './index';

describe('blob store writers racing', () => {
  let log: EventLog;
  beforeAll(async () => {
    log = await openTestLog('test', 'blobrace');
  });
  afterAll(async () => disposeTestLog(log));

  it('keeps one chunk when several writers store the same bytes at once', async () => {
    const bucket = `${log.store.names.prefix}-blobs`;
    // Writers on their own stores, as nodes with the same result would be.
    const writers = await Promise.all(Array.from({ length: 4 }, () => BlobStore.open(log.nc, bucket)));
    const bytes = new TextEncoder().encode('the same result '.repeat(500));
    const hashes = await Promise.all(writers.map((w) => w.put(bytes)));
    expect(new Set(hashes).size).toBe(1);
    const chunks = await log.jsm.streams.info(`OBJ_${bucket}`, { subjects_filter: `$O.${bucket}.C.>` });
    expect(Object.keys(chunks.state.subjects ?? {})).toHaveLength(1);
    expect(Buffer.from((await writers[0]!.get(hashes[0]!))!)).toEqual(Buffer.from(bytes));
  });
});

describe('blobs of several chunks', () => {
  let log: EventLog;
  let bucket: string;
  let store: BlobStore;
  /** Over 2 MiB: three chunks at the server's default max payload of 1 MiB. */
  const bytes = new Uint8Array(2_500_000).map((_, i) => (i * 31 + (i >> 11)) & 0xff);
  const hashOf = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

  beforeAll(async () => {
    log = await openTestLog('test', 'blobchunks');
    bucket = blobBucketName(log.store.names.prefix);
    store = await BlobStore.open(log.nc, bucket);
  });
  afterAll(async () => disposeTestLog(log));

  it('reads back what was stored', async () => {
    const sha256 = await store.put(bytes);
    expect((await new Objm(log.nc).open(bucket).then((b) => b.info(sha256)))?.chunks).toBeGreaterThan(1);
    expect(Buffer.from((await store.get(sha256))!).equals(Buffer.from(bytes))).toBe(true);
  });

  it('streams one chunk at a time what was stored, with its length', async () => {
    const sha256 = await store.put(bytes);
    const streamed = (await store.stream(sha256))!;
    expect(streamed.bytes).toBe(bytes.byteLength);
    const chunks: Uint8Array[] = [];
    for await (const chunk of streamed.chunks) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
    expect(await store.stream(hashOf(new TextEncoder().encode('never stored')))).toBeNull();
  });

  it('refuses one stored under a name that is not its hash', async () => {
    const wrongName = hashOf(new TextEncoder().encode('some other blob'));
    await (await new Objm(log.nc).open(bucket)).putBlob({ name: wrongName }, bytes);
    await expect(store.get(wrongName)).rejects.toEqual(new BlobHashMismatchError(wrongName, hashOf(bytes)));
  });

  it('refuses one whose chunks were altered after it was stored', async () => {
    const original = bytes.map((b) => b ^ 0x5a);
    const sha256 = await store.put(original);
    const info = (await (await new Objm(log.nc).open(bucket)).info(sha256))!;
    const chunkSubject = `$O.${bucket}.C.${info.nuid}`;
    const altered = original.slice();
    altered[1_500_000] = altered[1_500_000]! ^ 1;
    await log.jsm.streams.purge(`OBJ_${bucket}`, { filter: chunkSubject });
    for (let start = 0; start < altered.length; start += info.options!.max_chunk_size!) {
      await log.js.publish(chunkSubject, altered.subarray(start, start + info.options!.max_chunk_size!));
    }
    await expect(store.get(sha256)).rejects.toEqual(new BlobHashMismatchError(sha256, hashOf(altered)));
    // Streamed, the chunks pass and the end fails: a download of it is cut off, never completed.
    const drain = async () => {
      for await (const chunk of (await store.stream(sha256))!.chunks) void chunk;
    };
    await expect(drain()).rejects.toEqual(new BlobHashMismatchError(sha256, hashOf(altered)));
  });
});
