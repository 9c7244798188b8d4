import type { EventLog } from '@corex/eventstore';
import { sha256Hex } from '@corex/platform';
import { disposeTestLog, openTestLog } from '../../../test/support/infra';
import { BlobReader } from './blob-reader';
import { blobBucketName } from './open';

describe('BlobReader (a node reads blobs by name with direct gets only)', () => {
  let log: EventLog;
  let reader: BlobReader;

  beforeAll(async () => {
    log = await openTestLog('test', 'blobr');
    await log.blobs();
    reader = await BlobReader.open(log.nc, blobBucketName(log.store.names.prefix));
  });
  afterAll(async () => disposeTestLog(log));

  it('reads a stored blob, verified against its name', async () => {
    const bytes = new TextEncoder().encode('a shard of rows');
    const hash = await (await log.blobs()).put(bytes);
    expect(await reader.get(hash)).toEqual(bytes);
  });

  it('reads an empty blob, which has no chunk at all', async () => {
    const hash = await (await log.blobs()).put(new Uint8Array(0));
    expect(hash).toBe(sha256Hex(new Uint8Array(0)));
    expect(await reader.get(hash)).toEqual(new Uint8Array(0));
  });

  it('answers null for a name nothing is stored under', async () => {
    expect(await reader.get(sha256Hex('never stored'))).toBeNull();
  });
});
