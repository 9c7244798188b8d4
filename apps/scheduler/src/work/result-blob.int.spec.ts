import { randomBytes } from 'node:crypto';
import { createUser } from '@nats-io/nkeys';
import { BlobHashMismatchError, ensureUploadStream, uploadSubjects, type EventLog } from '@corex/eventstore';
import { sha256Hex } from '@corex/platform';
import { disposeTestLog, openTestLog } from '../../../../test/support/infra';
import { promoteResult, readResultUpload } from './result-blob';

describe("result blobs come from the submitting node's own uploads", () => {
  let log: EventLog;
  const nodeA = createUser().getPublicKey();
  const nodeB = createUser().getPublicKey();

  beforeAll(async () => {
    log = await openTestLog('scheduler', 'res');
    await ensureUploadStream(log.jsm, log.store.names.prefix);
  });
  afterAll(async () => disposeTestLog(log));

  it("reads a node's upload verified, and never another node's upload of the same hash", async () => {
    const bytes = randomBytes(2048);
    const hash = await (await log.uploads()).put(nodeA, bytes);
    expect(Buffer.from((await readResultUpload(log, nodeA, hash))!)).toEqual(bytes);
    expect(await readResultUpload(log, nodeB, hash)).toBeNull();
  });

  it('refuses an upload whose bytes do not hash to its name', async () => {
    const claimed = sha256Hex(randomBytes(16));
    await log.nc.request(uploadSubjects(log.store.names.prefix).part(nodeA, claimed, 0), 'something else');
    await expect(readResultUpload(log, nodeA, claimed)).rejects.toBeInstanceOf(BlobHashMismatchError);
  });

  it('promotes an accepted result into the blob bucket, which outlives the uploads', async () => {
    const bytes = randomBytes(512);
    const hash = sha256Hex(bytes);
    expect(await (await log.blobs()).get(hash)).toBeNull();
    await promoteResult(log, bytes);
    expect(Buffer.from((await (await log.blobs()).get(hash))!)).toEqual(bytes);
  });
});
