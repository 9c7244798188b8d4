/**
 * Event store throughput against the real NATS server (NATS_URL), on a fresh stream:
 *  (a) raw JetStream async publish with acks: the same serialized event envelope N times,
 *      at most WINDOW publishes in flight;
 *  (b) EventStore.append (schema check, envelope, optimistic concurrency, Nats-Msg-Id dedupe)
 *      over AGGREGATES aggregates: each aggregate's appends in order, each expecting the
 *      version the previous one returned; aggregates concurrently, WINDOW at a time.
 * ratio = b / a; target 0.7. Rounds alternate a and b; the median of each is reported.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { JobSubmitted, subjects, type NewEvent } from '@corex/events';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { result, type BenchResult } from './report';
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

/** (a) Raw async publish of n copies of one payload over AGGREGATES subjects; returns msgs/s. */
async function rawPublish(log: EventLog, tag: string, n: number): Promise<number> {
  const payload = serializedEnvelope(subjects.job('raw-0'));
  const subjectsOf = Array.from({ length: AGGREGATES }, (_, i) => log.store.subjectOf(subjects.job(`${tag}-${i}`)));
  const seconds = await timed(() =>
    windowed(n, WINDOW, async (i) => {
      await log.js.publish(subjectsOf[i % AGGREGATES]!, payload);
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

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<BenchResult[]> {
  const suffix = randomBytes(5).toString('hex');
  const log = await openEventLog({ url: NATS_URL, service: 'bench', stream: `BENCH_ES_${suffix}`, prefix: `bench${suffix}` });
  try {
    await rawPublish(log, 'warm-raw', WARMUP);
    await appendEvents(log, 'warm-append', WARMUP);
    const raw: number[] = [];
    const append: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      raw.push(await rawPublish(log, `raw${r}`, N));
      append.push(await appendEvents(log, `app${r}`, N));
      console.log(`  round ${r + 1}/${ROUNDS}: raw publish ${raw[r]!.toFixed(0)} msgs/s, append ${append[r]!.toFixed(0)} events/s`);
    }
    const stored = (await log.jsm.streams.info(log.store.names.stream)).state.messages;
    const expected = 2 * WARMUP + ROUNDS * 2 * N;
    if (stored !== expected) throw new Error(`stream holds ${stored} messages, expected ${expected}`);
    const a = median(raw);
    const b = median(append);
    return [
      result('eventstore', 'raw_publish_msgs_per_s', a),
      result('eventstore', 'append_occ_dedupe_events_per_s', b, { baseline: a, target: TARGET_RATIO }),
    ];
  } finally {
    await log.jsm.streams.delete(log.store.names.stream).catch(() => undefined);
    await log.close();
  }
}
