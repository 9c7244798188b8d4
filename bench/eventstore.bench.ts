/**
 * Event store throughput against the real NATS server (NATS_URL), on a fresh stream:
 *  (a) raw JetStream async publish with acks: the same serialized event envelope N times,
 *      at most WINDOW publishes in flight;
 *  (b) EventStore.append (schema check, envelope, optimistic concurrency, Nats-Msg-Id dedupe)
 *      over AGGREGATES aggregates: each aggregate's appends in order, each expecting the
 *      version the previous one returned; aggregates concurrently, WINDOW at a time.
 *  (c) raw publish as (a), through the StreamPublisher that append uses (one reply
 *      subscription for all acks) instead of nats.js' `js.publish`: what append's own work costs.
 * ratio = b / a; target 0.7. b / c is printed for information. Rounds alternate; medians are reported.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { JobSubmitted, subjects, type NewEvent } from '@corex/events';
import { openEventLog, StreamPublisher, type EventLog } from '@corex/eventstore';
import { median, result, type BenchResult } from './report';
import { windowed } from './windowed';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const N = 20_000;
const AGGREGATES = 1_000;
const WINDOW = 256;
const ROUNDS = 3;
const WARMUP = 2_000;
const TARGET_RATIO = 0.7;

function jobSubmitted(jobId: string): NewEvent {
  return {
    type: JobSubmitted.type,
    data: {
      jobId,
      accountId: 'acc-bench',
      type: 'inference',
      model: 'mlp-penguins',
      dataset: 'penguins',
      budget: '5',
      priority: 'normal',
      requirements: {},
      params: {},
      submittedAt: new Date().toISOString(),
    },
  };
}

/** The bytes EventStore.append would publish for one JobSubmitted event. */
function serializedEnvelope(relative: string): Uint8Array {
  const event = jobSubmitted('raw-0');
  const id = randomUUID();
  const envelope = {
    specversion: '1.0',
    id,
    source: 'corex/bench',
    type: event.type,
    time: new Date().toISOString(),
    subject: relative,
    correlationid: id,
    causationid: id,
    datacontenttype: 'application/json',
    data: event.data,
  };
  return new TextEncoder().encode(JSON.stringify(envelope));
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

type Publish = (subject: string, payload: Uint8Array) => Promise<unknown>;

/** (a) or (c): raw async publish of n copies of one payload over AGGREGATES subjects; returns msgs/s. */
async function rawPublish(log: EventLog, tag: string, n: number, publish: Publish): Promise<number> {
  const payload = serializedEnvelope(subjects.job('raw-0'));
  const subjectsOf = Array.from({ length: AGGREGATES }, (_, i) => log.store.subjectOf(subjects.job(`${tag}-${i}`)));
  const seconds = await timed(() =>
    windowed(n, WINDOW, async (i) => {
      await publish(subjectsOf[i % AGGREGATES]!, payload);
    }),
  );
  return n / seconds;
}

/** (b) EventStore.append with expected version and dedupe id; returns events/s. */
async function appendEvents(log: EventLog, tag: string, n: number): Promise<number> {
  const perAggregate = Math.ceil(n / AGGREGATES);
  const seconds = await timed(() =>
    windowed(AGGREGATES, WINDOW, async (a) => {
      const jobId = `${tag}-${a}`;
      const subject = subjects.job(jobId);
      let version = 0;
      for (let k = 0; k < perAggregate; k++) {
        const event = { ...jobSubmitted(jobId), id: `${jobId}-${k}` };
        ({ version } = await log.store.append(subject, [event], version));
      }
    }),
  );
  return (perAggregate * AGGREGATES) / seconds;
}


export async function run(): Promise<BenchResult[]> {
  const suffix = randomBytes(5).toString('hex');
  const log = await openEventLog({ url: NATS_URL, service: 'bench', stream: `BENCH_ES_${suffix}`, prefix: `bench${suffix}` });
  const publisher = new StreamPublisher(log.nc);
  const stock: Publish = (subject, payload) => log.js.publish(subject, payload);
  const own: Publish = (subject, payload) => publisher.publish(subject, payload);
  try {
    await rawPublish(log, 'warm-raw', WARMUP, stock);
    await rawPublish(log, 'warm-own', WARMUP, own);
    await appendEvents(log, 'warm-append', WARMUP);
    const raw: number[] = [];
    const rawOwn: number[] = [];
    const append: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      raw.push(await rawPublish(log, `raw${r}`, N, stock));
      append.push(await appendEvents(log, `app${r}`, N));
      rawOwn.push(await rawPublish(log, `own${r}`, N, own));
      console.log(`  round ${r + 1}/${ROUNDS}: raw publish ${raw[r]!.toFixed(0)} msgs/s (own publisher ${rawOwn[r]!.toFixed(0)}), append ${append[r]!.toFixed(0)} events/s`);
    }
    const stored = (await log.jsm.streams.info(log.store.names.stream)).state.messages;
    const expected = 3 * WARMUP + ROUNDS * 3 * N;
    if (stored !== expected) throw new Error(`stream holds ${stored} messages, expected ${expected}`);
    const a = median(raw);
    const b = median(append);
    return [
      result('eventstore', 'raw_publish_msgs_per_s', a),
      result('eventstore', 'append_occ_dedupe_events_per_s', b, { baseline: a, target: TARGET_RATIO }),
      result('eventstore', 'raw_publish_own_publisher_msgs_per_s', median(rawOwn)),
      result('eventstore', 'append_vs_own_publisher_events_per_s', b, { baseline: median(rawOwn) }),
    ];
  } finally {
    publisher.close();
    await log.jsm.streams.delete(log.store.names.stream).catch(() => undefined);
    await log.close();
  }
}
