import { randomBytes } from 'node:crypto';
import { disposeTestLog, openTestLog } from '../../../test/support/infra';
import { BlobReader, readTaskObject, TaskBlobStore, taskBucketName, taskObjectPartName, type EventLog } from './index';

describe('task objects in parts', () => {
  let log: EventLog;
  let store: TaskBlobStore;
  let reader: BlobReader;

  beforeAll(async () => {
    log = await openTestLog('test', 'taskobj');
    store = await log.taskBlobs();
    reader = await BlobReader.open(log.nc, taskBucketName(log.store.names.prefix));
  });
  afterAll(async () => disposeTestLog(log));

  it('given bytes larger than one message, when stored, then each part is one chunk read by name and the whole comes back', async () => {
    // The open test server's max payload is 1 MiB: 2.5 MiB is three parts.
    const bytes = randomBytes(2.5 * 1024 * 1024);
    await store.put('big', bytes);
    const first = await reader.namedChunk('big');
    expect(first?.metadata).toEqual({ 'corex-parts': '3' });
    expect(await reader.namedChunk(taskObjectPartName('big', 2))).not.toBeNull();
    const read = await readTaskObject(reader, 'big');
    expect(read && Buffer.from(read).equals(bytes)).toBe(true);
  });

  it('given a name already stored, when stored again, then nothing is written', async () => {
    const bytes = randomBytes(100);
    await store.put('once', bytes);
    const before = (await log.jsm.streams.info(`OBJ_${taskBucketName(log.store.names.prefix)}`)).state.messages;
    await store.put('once', bytes);
    expect((await log.jsm.streams.info(`OBJ_${taskBucketName(log.store.names.prefix)}`)).state.messages).toBe(before);
    expect(Buffer.from((await readTaskObject(reader, 'once'))!).equals(bytes)).toBe(true);
  });

  it('given a name never stored, then reading finds nothing', async () => {
    expect(await readTaskObject(reader, 'absent')).toBeNull();
  });

  it('given a first part whose later part is gone, then reading says so', async () => {
    const bytes = randomBytes(1.5 * 1024 * 1024);
    await store.put('torn', bytes);
    const bucket = taskBucketName(log.store.names.prefix);
    await log.jsm.streams.purge(`OBJ_${bucket}`, { filter: `$O.${bucket}.M.${Buffer.from(taskObjectPartName('torn', 1)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}` });
    await expect(readTaskObject(reader, 'torn')).rejects.toThrow(/part 1 of 2 is missing/);
  });
});
