import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { DataSource } from 'typeorm';
import { subjects, type StoredEvent } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { createTestDatabase, disposeTestLog, NATS_URL, openTestLog } from '../../../test/support/infra';
import { jobSubmitted } from '../../../test/support/job-submitted';
import { openDataSource, Projector } from './index';
import { foldAll, JOB_COUNTS_DDL, jobCounts, type JobCount } from './testing/job-counts';

/** Every message of the stream, decoded, from an ordered consumer of the test's own. */
async function wholeLog(log: EventLog, last: number): Promise<StoredEvent[]> {
  const consumer = await log.js.consumers.get(log.store.names.stream, { filter_subjects: log.store.subjectOf('job.*') });
  const messages = await consumer.consume();
  const events: StoredEvent[] = [];
  for await (const m of messages) {
    events.push({ seq: m.seq, event: log.store.decode(m.data) });
    if (m.seq >= last) break;
  }
  messages.stop();
  return events;
}

/** Appends `rounds` JobSubmitted events to each of `jobs` jobs, job by job; returns the last sequence. */
async function append(log: EventLog, versions: Map<string, number>, jobs: number, rounds: number): Promise<number> {
  let last = 0;
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < jobs; j++) {
      const id = `job${j}`;
      ({ version: last } = await log.store.append(subjects.job(id), [jobSubmitted(id)], versions.get(id) ?? 0));
      versions.set(id, last);
    }
  }
  return last;
}

describe('projection applied by one process at a time', () => {
  let log: EventLog;
  let db: { url: string; drop: () => Promise<void> };
  const sources: DataSource[] = [];
  const versions = new Map<string, number>();
  const readModel = (ds: DataSource): Promise<JobCount[]> =>
    ds.query(`SELECT id, count, last_seq::int AS last_seq FROM proj_excl.job_counts ORDER BY id COLLATE "C"`);

  async function dataSource(): Promise<DataSource> {
    const ds = await openDataSource({ url: db.url, poolSize: 4 });
    sources.push(ds);
    return ds;
  }

  beforeEach(async () => {
    db = await createTestDatabase();
    const ds = await dataSource();
    await ds.query(JOB_COUNTS_DDL);
    log = await openTestLog('test', 'excl');
    versions.clear();
  });

  afterEach(async () => {
    await disposeTestLog(log);
    for (const ds of sources.splice(0)) await ds.destroy();
    await db.drop();
  });

  it('lets one of two projectors apply every event once, while the other follows through notices', async () => {
    const folded = [0, 0];
    const seen: Array<Set<string>> = [new Set(), new Set()];
    const own = [sources[0]!, await dataSource()];
    const projectors = own.map((ds, i) => new Projector(ds, log, jobCounts(() => folded[i]!++), { maxBatch: 7, takeoverPollMs: 20 }));
    projectors.forEach((p, i) => p.onApplied((keys) => keys?.forEach((k) => seen[i]!.add(k))));
    await Promise.all(projectors.map((p) => p.start()));
    const last = await append(log, versions, 10, 6);
    await Promise.all(projectors.map((p) => p.waitFor(last)));
    const roles = projectors.map((p) => p.status().role).sort();
    await Promise.all(projectors.map((p) => p.stop()));

    expect(await readModel(sources[0]!)).toEqual(foldAll(await wholeLog(log, last)));
    expect((await readModel(sources[0]!)).every((r) => r.count === 6)).toBe(true);
    expect(folded.filter((n) => n > 0)).toHaveLength(1);
    expect(roles).toEqual(['active', 'standby']);
    for (const keys of seen) expect(keys.size).toBe(10);
  });

  it('stops applying in the process whose lease connection is cut, and the other takes over', async () => {
    const folded = [0, 0];
    const own = [sources[0]!, await dataSource()];
    const projectors = own.map((ds, i) => new Projector(ds, log, jobCounts(() => folded[i]!++), { maxBatch: 5, takeoverPollMs: 20 }));
    await projectors[0]!.start();
    let last = await append(log, versions, 5, 4);
    await projectors[0]!.waitFor(last);
    expect(projectors[0]!.status().role).toBe('active');
    await projectors[1]!.start();

    // Postgres ends the holder's lease session, as when its connection breaks: the lock goes with it.
    await sources[0]!.query(
      `SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
        WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()`,
    );
    last = await append(log, versions, 5, 4);
    await Promise.all(projectors.map((p) => p.waitFor(last)));
    const roles = projectors.map((p) => p.status().role);
    await Promise.all(projectors.map((p) => p.stop()));

    expect(await readModel(sources[0]!)).toEqual(foldAll(await wholeLog(log, last)));
    expect((await readModel(sources[0]!)).every((r) => r.count === 8)).toBe(true);
    expect(folded[0]! + folded[1]!).toBe(40);
    expect(roles).toContain('active');
  });

  it('hands the projection over when the active process is killed mid-stream, skipping and repeating nothing', async () => {
    let last = await append(log, versions, 20, 10);
    const child = spawnProjector(log, db.url, Math.floor(last / 2));
    const out = lines(child);
    await out.until('holding');

    // This process stands by: it applies nothing while the child holds the projection, yet waitFor
    // and onApplied follow the child's batches.
    let folded = 0;
    const standby = new Projector(await dataSource(), log, jobCounts(() => folded++), { maxBatch: 50, takeoverPollMs: 20 });
    const heard = new Set<string>();
    standby.onApplied((keys) => keys?.forEach((k) => heard.add(k)));
    await standby.start();
    child.stdin.write('go\n');
    const pausedAt = Number((await out.until('paused')).previous.split(' ')[1]);
    await standby.waitFor(pausedAt);
    expect(folded).toBe(0);
    expect(standby.status().role).toBe('standby');
    expect(heard.size).toBeGreaterThan(0);

    last = await append(log, versions, 20, 5);
    expect(await standby.position()).toBeLessThan(last);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    await standby.waitFor(last, 30_000);
    expect(standby.status().role).toBe('active');
    await standby.stop();
    const model = await readModel(sources[0]!);
    expect(model).toEqual(foldAll(await wholeLog(log, last)));
    expect(model.every((r) => r.count === 15)).toBe(true);
  });
});

function spawnProjector(log: EventLog, url: string, pauseAt: number): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', `${__dirname}/testing/projector-process.ts`], {
    env: { ...process.env, DATABASE_URL: url, NATS_URL, STREAM: log.store.names.stream, PREFIX: log.store.names.prefix, PAUSE_AT: String(pauseAt) },
    cwd: `${__dirname}/../../..`,
  });
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  return child;
}

/** The child's stdout lines; `until(text)` resolves at the first line equal to it, with the line before. */
function lines(child: ChildProcessWithoutNullStreams) {
  const reader = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let previous = '';
  return {
    async until(text: string): Promise<{ previous: string }> {
      for (;;) {
        const next = await reader.next();
        if (next.done) throw new Error(`child ended before printing ${text}`);
        if (next.value === text) return { previous };
        previous = next.value;
      }
    },
  };
}
