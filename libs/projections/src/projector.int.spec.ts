import type { DataSource } from 'typeorm';
import { JobSubmitted, subjects, type EventEnvelope } from '@corex/events';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { createTestDatabase, NATS_URL, uniqueNames } from '../../../test/support/infra';
import { openDataSource, Projector, type ProjectionDefinition } from './index';
import { jobSubmitted } from '../../../test/support/job-submitted';

interface JobCount {
  id: string;
  count: number;
  last_seq: number;
}

/** Counting is not idempotent by nature: a double-applied event shows as a wrong count. */
const jobCounts: ProjectionDefinition<JobCount> = {
  name: 'test.job_counts',
  table: 'proj_test.job_counts',
  key: 'id',
  filter: 'job.*',
  handles: [JobSubmitted.type],
  keyOf: (e: EventEnvelope) => (e.data as { jobId: string }).jobId,
  evolve: (row, e, seq) => ({ id: (e.data as { jobId: string }).jobId, count: (row?.count ?? 0) + 1, last_seq: seq }),
};

describe('projector on Postgres', () => {
  const names = uniqueNames('proj');
  let log: EventLog;
  let ds: DataSource;
  let db: { url: string; drop: () => Promise<void> };
  const versions = new Map<string, number>();
  let lastSeq = 0;

  async function append(jobs: number, perJob: number): Promise<void> {
    for (let round = 0; round < perJob; round++) {
      for (let j = 0; j < jobs; j++) {
        const id = `job${j}`;
        const result = await log.store.append(subjects.job(id), [jobSubmitted(id)], versions.get(id) ?? 0);
        versions.set(id, result.version);
        lastSeq = result.version;
      }
    }
  }

  async function readModel(): Promise<JobCount[]> {
    return ds.query(`SELECT id, count, last_seq::int AS last_seq FROM proj_test.job_counts ORDER BY id`);
  }

  async function totalCount(): Promise<number> {
    return (await readModel()).reduce((sum, r) => sum + r.count, 0);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDataSource({ url: db.url });
    await ds.query(`CREATE SCHEMA proj_test; CREATE TABLE proj_test.job_counts (id text PRIMARY KEY, count int NOT NULL, last_seq bigint NOT NULL)`);
    log = await openEventLog({ url: NATS_URL, service: 'test', ...names });
  });

  afterAll(async () => {
    await log.jsm.streams.delete(names.stream).catch(() => undefined);
    await log.close();
    await ds.destroy();
    await db.drop();
  });

  it('applies live events once each', async () => {
    const projector = new Projector(ds, log, jobCounts, { maxBatch: 7 });
    await projector.start();
    await append(10, 5);
    await projector.waitFor(lastSeq);
    await projector.stop();
    expect(await totalCount()).toBe(50);
    expect((await readModel()).every((r) => r.count === 5)).toBe(true);
  });

  it('changes nothing when a batch is redelivered', async () => {
    const before = await readModel();
    const projector = new Projector(ds, log, jobCounts);
    const redelivered = (await log.store.read(subjects.job('job3'))).events;
    await projector.applyBatch(redelivered);
    await projector.applyBatch(redelivered);
    expect(await readModel()).toEqual(before);
  });

  it('changes nothing when its consumer is replayed from the start', async () => {
    const before = await readModel();
    await log.jsm.consumers.delete(names.stream, 'proj_test_job_counts').catch(() => undefined);
    const replay = log.consumer({ durable: 'replay_probe', filter: 'job.*' }, async (events) => {
      await new Projector(ds, log, jobCounts).applyBatch(events);
      if (events.at(-1)!.seq >= lastSeq) replayed();
    });
    let replayed!: () => void;
    const done = new Promise<void>((resolve) => (replayed = resolve));
    replay.start();
    await done;
    await replay.stop();
    expect(await readModel()).toEqual(before);
  });

  it('resumes without double-applying after being killed between commit and ack', async () => {
    const doomedLog = await openEventLog({ url: NATS_URL, service: 'doomed', ...names });
    let crashed!: () => void;
    const crash = new Promise<void>((resolve) => (crashed = resolve));
    const doomed = new Projector(ds, doomedLog, jobCounts, {
      afterCommit: async () => {
        await doomedLog.nc.close();
        crashed();
        throw new Error('killed before ack');
      },
    });
    await doomed.start();
    await append(4, 3);
    await crash;
    await doomed.stop().catch(() => undefined);

    const survivor = new Projector(ds, log, jobCounts);
    await survivor.start();
    await survivor.waitFor(lastSeq);
    await survivor.stop();
    const rows = await readModel();
    expect(rows.filter((r) => r.id < 'job4').every((r) => r.count === 8)).toBe(true);
    expect(await totalCount()).toBe(62);
  });

  it('rebuilds from scratch into exactly the live read model', async () => {
    const live = await readModel();
    const projector = new Projector(ds, log, jobCounts);
    await projector.rebuild();
    await projector.waitFor(lastSeq);
    await projector.stop();
    expect(await readModel()).toEqual(live);
  });

  it('tells listeners the keys of each committed batch, and nothing for a batch it already had', async () => {
    const projector = new Projector(ds, log, jobCounts, { maxBatch: 3 });
    const seen: Array<{ keys: string[] | null; position: number }> = [];
    const dropped: Array<string[] | null> = [];
    let caughtUp!: () => void;
    const done = new Promise<void>((resolve) => (caughtUp = resolve));
    projector.onApplied((keys, position) => {
      seen.push({ keys, position });
      if (position >= lastSeq) caughtUp();
    });
    projector.onApplied((keys) => dropped.push(keys))();
    await projector.start();
    await append(2, 2);
    await done;
    await projector.stop();
    expect(new Set(seen.flatMap((s) => s.keys ?? ['<all>']))).toEqual(new Set(['job0', 'job1']));
    expect(seen.map((s) => s.position)).toEqual([...seen.map((s) => s.position)].sort((a, b) => a - b));
    expect(dropped).toEqual([]);

    const calls = seen.length;
    await projector.applyBatch((await log.store.read(subjects.job('job0'))).events);
    expect(seen).toHaveLength(calls);
  });
});
