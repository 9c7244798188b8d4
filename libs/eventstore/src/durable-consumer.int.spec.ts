import { subjects } from '@corex/events';
import { disposeTestLog, openTestLog } from '../../../test/support/infra';
import { EventDecodeError, type EventLog } from './index';
import { jobSubmitted } from '../../../test/support/job-submitted';

describe('durable consumer', () => {
  let log: EventLog;
  beforeAll(async () => {
    log = await openTestLog('test', 'dc');
  });
  afterAll(async () => disposeTestLog(log));

  it('hands every event over once, in order, when a handler fails while the next batch is already collected', async () => {
    let last = 0;
    for (let i = 0; i < 40; i++) ({ version: last } = await log.store.append(subjects.job(`dc-${i}`), [jobSubmitted(`dc-${i}`)], 0));
    const committed: number[] = [];
    const batches: number[][] = [];
    let failed = false;
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const consumer = log.consumer(
      { durable: 'dc_fail_once', filter: 'job.*', maxBatch: 5, ackAll: true, restartDelayMs: 10, resumeAfter: async () => committed.at(-1) ?? 0 },
      async (events) => {
        const seqs = events.map((e) => e.seq);
        batches.push(seqs);
        // The third batch fails once, after a pause long enough for the fourth to be collected.
        if (batches.length === 3 && !failed) {
          failed = true;
          await new Promise((resolve) => setImmediate(resolve));
          throw new Error('handler failed');
        }
        committed.push(...seqs);
        if (seqs.includes(last)) finished();
      },
    );
    consumer.start();
    await done;
    await consumer.stop();
    expect(failed).toBe(true);
    expect(committed).toEqual(Array.from({ length: 40 }, (_, i) => last - 39 + i));
    // The failed batch came again, whole.
    expect(batches.filter((b) => b[0] === batches[2]![0])).toHaveLength(2);
  });
  it('backs off exponentially while the handler keeps failing, then goes on by itself', async () => {
    const { version: last } = await log.store.append(subjects.job('dc-backoff'), [jobSubmitted('dc-backoff')], 0);
    const delays: number[] = [];
    let broken = true;
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const consumer = log.consumer(
      {
        filter: 'job.dc-backoff',
        restartDelayMs: 5,
        maxRestartDelayMs: 40,
        resumeAfter: async () => 0,
        onFailure: (_err, _inARow, retryInMs) => {
          delays.push(retryInMs);
          if (delays.length === 6) broken = false;
        },
      },
      async (events) => {
        if (broken) throw new Error('cannot apply');
        if (events.some((e) => e.seq === last)) finished();
      },
    );
    consumer.start();
    await done;
    await consumer.stop();
    expect(delays).toEqual([5, 10, 20, 40, 40, 40]);
  });

  it('hands over the events before an undecodable message, then reports its sequence and type', async () => {
    const { version: first } = await log.store.append(subjects.job('dc-poison'), [jobSubmitted('dc-poison')], 0);
    const poison = await log.js.publish(log.store.subjectOf(subjects.job('dc-poison-2')), JSON.stringify({ type: 'corex.unknown.v9', data: {} }));
    const handled: number[] = [];
    let failure!: (err: unknown) => void;
    const failed = new Promise<unknown>((resolve) => (failure = resolve));
    const consumer = log.consumer(
      { filter: 'job.*', maxBatch: 10, restartDelayMs: 60_000, resumeAfter: async () => first - 1, onFailure: (err) => failure(err) },
      async (events) => void handled.push(...events.map((e) => e.seq)),
    );
    consumer.start();
    const err = await failed;
    await consumer.stop();
    expect(handled).toEqual([first]);
    expect(err).toBeInstanceOf(EventDecodeError);
    expect(err).toMatchObject({ seq: poison.seq, eventType: 'corex.unknown.v9' });
  });

  it('opens a new consumer from its position when the server deletes the one it reads (inactivity), so later events still arrive', async () => {
    const subject = subjects.job('dc-reaped');
    const seen = new Map<number, () => void>();
    const handled: number[] = [];
    const handledSeq = (seq: number) => new Promise<void>((resolve) => (handled.includes(seq) ? resolve() : seen.set(seq, resolve)));
    let { version } = await log.store.append(subject, [jobSubmitted('dc-reaped')], 0);
    const first = version;
    const consumer = log.consumer(
      // Each run resumes after the last event handled: the checkpoint of a projection.
      { filter: 'job.dc-reaped', maxBatch: 5, resumeAfter: async () => handled.at(-1) ?? first - 1 },
      async (events) => {
        for (const { seq } of events) {
          handled.push(seq);
          seen.get(seq)?.();
        }
      },
    );
    consumer.start();
    await handledSeq(first);
    // What the server does to an ordered consumer that made no pull request for its inactive threshold.
    const stream = log.store.names.stream;
    const deleted: string[] = [];
    for await (const ci of log.jsm.consumers.list(stream)) {
      if (ci.config.filter_subject !== log.store.subjectOf(subject)) continue;
      await log.jsm.consumers.delete(stream, ci.name);
      deleted.push(ci.name);
    }
    const later: number[] = [];
    for (let i = 0; i < 3; i++) later.push((version = (await log.store.append(subject, [jobSubmitted('dc-reaped')], version)).version));
    await handledSeq(version);
    await consumer.stop();
    expect(deleted).toHaveLength(1);
    expect(handled).toEqual([first, ...later]);
    // Not left to the client's own recovery, which first waits for two missed heartbeats (the pull expiry, 10 s).
  }, 8_000);

  it('reopens from its position after heartbeats were missed while this process was busy, so later events still arrive', async () => {
    const subject = subjects.job('dc-stalled');
    const seen = new Map<number, () => void>();
    const handled: number[] = [];
    const handledSeq = (seq: number) => new Promise<void>((resolve) => (handled.includes(seq) ? resolve() : seen.set(seq, resolve)));
    let { version } = await log.store.append(subject, [jobSubmitted('dc-stalled')], 0);
    const first = version;
    const consumer = log.consumer(
      // Short pulls (the least the client takes): heartbeats every 500 ms, so two are missed within a busy second or so.
      { filter: 'job.dc-stalled', maxBatch: 5, pullExpiresMs: 1_000, resumeAfter: async () => handled.at(-1) ?? first - 1 },
      async (events) => {
        for (const { seq } of events) {
          handled.push(seq);
          seen.get(seq)?.();
        }
      },
    );
    consumer.start();
    await handledSeq(first);
    // What a long synchronous step does (an onnxruntime run in this thread): no timer, no socket read for 4 s.
    const busyUntil = Date.now() + 4_000;
    while (Date.now() < busyUntil);
    const later: number[] = [];
    for (let i = 0; i < 3; i++) later.push((version = (await log.store.append(subject, [jobSubmitted('dc-stalled')], version)).version));
    await handledSeq(version);
    await consumer.stop();
    expect(handled).toEqual([first, ...later]);
  }, 20_000);

  it('gives two processes resuming from their own position every event each, deleting nothing of the other', async () => {
    const names = ['a', 'b'];
    const start = (await log.jsm.streams.info(log.store.names.stream)).state.last_seq;
    const seen = new Map(names.map((n) => [n, [] as number[]]));
    // Set once every event is appended: a consumer is done when it has seen that one.
    let last = 0;
    const caughtUp = new Map<string, () => void>();
    const done = names.map((n) => new Promise<void>((resolve) => caughtUp.set(n, resolve)));
    const check = (n: string) => last > 0 && seen.get(n)!.includes(last) && caughtUp.get(n)!();
    const consumers = names.map((n) =>
      log.consumer({ durable: 'dc_shared', filter: 'job.*', maxBatch: 3, resumeAfter: async () => start }, async (events) => {
        seen.get(n)!.push(...events.map((e) => e.seq));
        check(n);
      }),
    );
    const append = async (i: number) => (await log.store.append(subjects.job(`dc-two-${i}`), [jobSubmitted(`dc-two-${i}`)], 0)).version;
    consumers[0]!.start();
    const first: number[] = [];
    for (let i = 0; i < 10; i++) first.push(await append(i));
    consumers[1]!.start();
    for (let i = 10; i < 20; i++) first.push(await append(i));
    last = first.at(-1)!;
    names.forEach(check);
    await Promise.all(done);
    await Promise.all(consumers.map((c) => c.stop()));
    expect(seen.get('a')).toEqual(first);
    expect(seen.get('b')).toEqual(first);
  });
});
