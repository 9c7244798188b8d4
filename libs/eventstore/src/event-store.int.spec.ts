import { createHash } from 'node:crypto';
import { Objm } from '@nats-io/obj';
import { subjects, JobSubmitted } from '@corex/events';
import { disposeTestLog, openTestLog } from '../../../test/support/infra';
import { WrongExpectedVersionError, type EventLog } from './index';
import { jobSubmitted } from '../../../test/support/job-submitted';

describe('event store on JetStream', () => {
  let log: EventLog;
  beforeAll(async () => {
    log = await openTestLog('test', 'es');
  });
  afterAll(async () => disposeTestLog(log));

  it('lets exactly one of two concurrent appends at the same expected version succeed', async () => {
    const subject = subjects.job('race');
    const results = await Promise.allSettled([
      log.store.append(subject, [jobSubmitted('race')], 0),
      log.store.append(subject, [jobSubmitted('race')], 0),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.reason).toBeInstanceOf(WrongExpectedVersionError);
    expect((await log.store.read(subject)).events).toHaveLength(1);
  });

  it('stores an event published twice with the same id once', async () => {
    const subject = subjects.job('dedupe');
    const first = await log.store.append(subject, [jobSubmitted('dedupe', 'evt-dedupe-1')], 0);
    const again = await log.store.append(subject, [jobSubmitted('dedupe', 'evt-dedupe-1')], 0);
    expect(again.duplicate).toBe(true);
    expect(again.version).toBe(first.version);
    const read = await log.store.read(subject);
    expect(read.events.map((e) => e.event.id)).toEqual(['evt-dedupe-1']);
  });

  it('reads an aggregate back in order with its version', async () => {
    const subject = subjects.job('ordered');
    const a = await log.store.append(subject, [jobSubmitted('ordered')], 0);
    await log.store.append(subjects.job('other'), [jobSubmitted('other')], 0);
    const b = await log.store.append(subject, [jobSubmitted('ordered')], a.version);
    const read = await log.store.read(subject);
    expect(read.version).toBe(b.version);
    expect(read.events.map((e) => e.seq)).toEqual([a.version, b.version]);
    expect(read.events[1]!.event.causationid).toBe(b.events[0]!.event.id);
    expect(await log.store.version(subject)).toBe(b.version);
  });

  it('reads a new aggregate as version 0 with no events', async () => {
    expect(await log.store.read(subjects.job('nothing'))).toEqual({ version: 0, events: [] });
    expect(await log.store.version(subjects.job('nothing'))).toBe(0);
  });

  it('refuses an event whose payload does not match its schema, appending nothing', async () => {
    const subject = subjects.job('bad');
    const bad = { type: JobSubmitted.type, data: { jobId: 'bad' } };
    await expect(log.store.append(subject, [bad], 0)).rejects.toThrow(/invalid data/);
    expect((await log.store.read(subject)).version).toBe(0);
  });

  it('keeps blobs by sha256 and verifies them on read', async () => {
    const { BlobStore } = await import('./blob-store');
    const blobs = await BlobStore.open(log.nc, `${log.store.names.prefix}-blobs`);
    const bytes = new TextEncoder().encode('weights'.repeat(1000));
    const hash = await blobs.put(bytes);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await blobs.put(bytes)).toBe(hash);
    expect(Buffer.from((await blobs.get(hash))!)).toEqual(Buffer.from(bytes));
    expect(await blobs.get('0'.repeat(64))).toBeNull();
    // Over one chunk (about 1 MiB): stored by the object store client in several.
    const large = new Uint8Array(2_500_000).map((_, i) => (i * 7) % 251);
    const largeHash = await blobs.put(large);
    expect(Buffer.from((await blobs.get(largeHash))!)).toEqual(Buffer.from(large));
    // Written in the object store's own layout: its client reads them back and checks their digests.
    const bucket = await new Objm(log.nc).open(`${log.store.names.prefix}-blobs`);
    for (const [name, content] of [[hash, bytes], [largeHash, large]] as const) {
      const info = await bucket.info(name);
      expect(info).toMatchObject({ name, size: content.length, deleted: false });
      expect(info!.digest).toBe(`SHA-256=${createHash('sha256').update(content).digest('base64').replace(/\+/g, '-').replace(/\//g, '_')}`);
      expect(Buffer.from((await bucket.getBlob(name))!)).toEqual(Buffer.from(content));
    }
  });
});
