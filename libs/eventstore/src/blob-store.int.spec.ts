import { disposeTestLog, openTestLog } from '../../../test/support/infra';
import { BlobStore, type EventLog } from './index';

describe('blob store writers racing', () => {
  let log: EventLog;
  beforeAll(async () => {
    log = await openTestLog('test', 'blobrace');
  });
  afterAll(async () => {
    await log.jsm.streams.delete(`OBJ_${log.store.names.prefix}-blobs`).catch(() => undefined);
    await disposeTestLog(log);
  });

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
