/**
 * Whole pipeline, submission to completion: the real scheduler in its own process (unique stream and
 * prefix on NATS_URL, default lease settings) and NODES simulated nodes speaking the signed wire
 * protocol (test/support/protocol-node.ts) over CONNECTIONS shared NATS connections, NODES /
 * CONNECTIONS nodes per connection. Compute is trivial: a node runs no ONNX; for each assignment
 * it submits a result blob holding the task's outputs, built once per distinct output shape
 * (`[rows, 3]` float32) and uploaded by every node (results are read from the submitting node's own
 * uploads) before the clock starts, so every result passes the scheduler's checks (upload present,
 * hashes to the claimed hash, every output of the task's dtype and dims, finite values).
 * Each node loops: ask for up to SLOTS fragments (long poll when idle), submit each result,
 * ask again. JOBS inference jobs on penguins-mlp/penguins (342 rows) with batchRows cycling
 * 1..4 (342, 171, 114, 86 fragments) are appended as JobSubmitted at once; the clock runs from
 * the first submission until every job's JobCompleted is in the log (an ordered consumer counts
 * them). Planning (input shards stored as blobs) and result assembly are inside the measurement.
 * Figures: pipeline fragments/s (target >= 1,000) and, against it, raw JetStream async publish
 * msgs/s of as many small messages (window WINDOW, same stream and prefix, after the scheduler
 * stopped) so the figure reads against the log's own speed. Bounded by DEADLINE_MS: if the jobs
 * are not all completed by then, the figure is accepted results / elapsed (printed as DEADLINE).
 * The 200 simulated nodes run in this process, the scheduler in another, as real nodes would run
 * elsewhere; both share the machine's 2 cores with nats-server. Registration (8 at a time: the scheduler
 * answers registrations serially) is outside the clock. Request timeouts are retried and counted.
 * Knobs for exploration: PIPELINE_JOBS, PIPELINE_DEADLINE_MS, PIPELINE_PROGRESS_MS.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { encodeTensorMap } from '@corex/compute';
import { JobCompleted, JobFailed, JobFragmentsPlanned, JobSubmitted, subjects, type EventEnvelope, type JobFragmentsPlannedData } from '@corex/events';
import { blobBucketName, openEventLog, uploadStreamName, type EventLog } from '@corex/eventstore';
import type { Assignment } from '@corex/node-protocol';
import { spawnScheduler } from './scheduler-process';
import { ProtocolNode } from '../test/support/protocol-node';
import { result, type BenchResult } from './report';
import { windowed } from './windowed';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const NODES = 200;
const CONNECTIONS = 4;
/** Fragments a node asks for at once (its capacity from 8 cores is 4). */
const SLOTS = 4;
const BATCH_ROWS = [1, 2, 3, 4];
const JOBS = Number(process.env.PIPELINE_JOBS ?? 40);
const DATASET_ROWS = 342;
const CLASSES = 3;
const WINDOW = 256;
const DEADLINE_MS = Number(process.env.PIPELINE_DEADLINE_MS ?? 60_000);
const TARGET = 1_000;
const GiB = 2 ** 30;

const expectedFragments = (batchRows: number) => Math.ceil(DATASET_ROWS / batchRows);

/** Result blobs by node, output names and rows: uploaded once by each node, reused for every result of that shape. */
class ResultBlobs {
  private readonly hashes = new Map<string, Promise<string>>();
  constructor(private readonly log: EventLog) {}

  hashFor(nodeId: string, outputs: readonly string[], rows: number): Promise<string> {
    const key = `${nodeId}|${outputs.join(',')}|${rows}`;
    let hash = this.hashes.get(key);
    if (!hash) {
      const tensors = Object.fromEntries(outputs.map((name) => [name, { data: new Float32Array(rows * CLASSES).fill(1 / CLASSES), dims: [rows, CLASSES] }]));
      hash = this.log.uploads().then((u) => u.put(nodeId, encodeTensorMap(tensors)));
      this.hashes.set(key, hash);
    }
    return hash;
  }
}

interface Counters {
  accepted: number;
  refused: number;
  requests: number;
  /** Requests that got no reply within the node's 10 s: retried, as a node runner would. */
  timeouts: number;
}

const isTimeout = (err: unknown) => (err as Error)?.name === 'TimeoutError' || /timeout/i.test((err as Error)?.message ?? '');

/** One node's loop: request work, submit every result, repeat until stopped. */
async function nodeLoop(node: ProtocolNode, blobs: ResultBlobs, counters: Counters, stop: { done: boolean }): Promise<void> {
  while (!stop.done) {
    let assignments: Assignment[];
    try {
      counters.requests++;
      assignments = await node.requestWork(SLOTS);
    } catch (err) {
      if (stop.done) return;
      if (!isTimeout(err)) throw err;
      counters.timeouts++;
      continue;
    }
    await Promise.all(
      assignments.map(async (a) => {
        const hash = await blobs.hashFor(node.nodeId, a.task.outputs, a.task.rows);
        for (;;) {
          try {
            const reply = await node.submit(a, hash);
            if (reply.ok) counters.accepted++;
            else counters.refused++;
            return;
          } catch (err) {
            if (stop.done) return;
            if (!isTimeout(err)) throw err;
            counters.timeouts++;
          }
        }
      }),
    );
  }
}

/** Counts JobFragmentsPlanned fragments and JobCompleted of the given jobs, live from now. */
async function watchJobs(log: EventLog, jobIds: Set<string>) {
  const consumer = await log.js.consumers.get(log.store.names.stream, { filter_subjects: log.store.subjectOf('job.*') });
  const messages = await consumer.consume({ max_messages: 1000 });
  let planned = 0;
  let completed = 0;
  let failed: string | null = null;
  let resolveDone!: (at: bigint) => void;
  const done = new Promise<bigint>((resolve) => (resolveDone = resolve));
  const loop = (async () => {
    for await (const m of messages) {
      const event = log.store.decode(m.data) as EventEnvelope<string, { jobId: string }>;
      if (!jobIds.has(event.data.jobId)) continue;
      if (event.type === JobFragmentsPlanned.type) planned += (event.data as unknown as JobFragmentsPlannedData).fragments.length;
      else if (event.type === JobFailed.type) failed ??= JSON.stringify(event.data);
      else if (event.type === JobCompleted.type && ++completed === jobIds.size) resolveDone(process.hrtime.bigint());
    }
  })();
  return {
    done,
    get planned() {
      return planned;
    },
    get completed() {
      return completed;
    },
    get failed() {
      return failed;
    },
    stop: async () => {
      messages.stop();
      await loop.catch(() => undefined);
    },
  };
}

/** Raw JetStream async publish of n small envelopes over 1,000 subjects; returns msgs/s. */
async function rawPublish(log: EventLog, n: number): Promise<number> {
  const id = randomUUID();
  const payload = new TextEncoder().encode(
    JSON.stringify({
      specversion: '1.0', id, source: 'corex/bench', type: 'corex.bench.raw.v1', time: new Date().toISOString(), subject: 'fragment.raw-0',
      correlationid: id, causationid: id, datacontenttype: 'application/json', data: { fragmentId: 'raw-0', jobId: 'raw', nodeId: 'n', leaseId: id },
    }),
  );
  const targets = Array.from({ length: 1_000 }, (_, i) => log.store.subjectOf(subjects.fragment(`raw-${i}`)));
  const start = process.hrtime.bigint();
  await windowed(n, WINDOW, async (i) => {
    await log.js.publish(targets[i % targets.length]!, payload);
  });
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

export async function run(): Promise<BenchResult[]> {
  const suffix = randomBytes(5).toString('hex');
  const names = { stream: `BENCH_PIPE_${suffix}`, prefix: `benchpipe${suffix}` };
  const logs: EventLog[] = [];
  for (let c = 0; c < CONNECTIONS; c++) logs.push(await openEventLog({ url: NATS_URL, service: `bench-nodes-${c}`, ...names }));
  const log = logs[0]!;
  let scheduler: { close(): Promise<void> } | undefined;
  const stop = { done: false };
  let loops: Promise<void>[] = [];
  try {
    scheduler = await spawnScheduler({ NATS_URL, COREX_STREAM: names.stream, COREX_SUBJECT_PREFIX: names.prefix });
    const nodes = Array.from({ length: NODES }, (_, i) => new ProtocolNode(logs[i % CONNECTIONS]!, ProtocolNode.hardware(8 * GiB), 10));
    // The scheduler answers registrations one at a time: 200 at once would time out the last ones.
    const registerStart = process.hrtime.bigint();
    await windowed(NODES, 8, (i) => nodes[i]!.register());
    console.log(`  ${NODES} nodes registered in ${(Number(process.hrtime.bigint() - registerStart) / 1e9).toFixed(1)} s`);
    const blobs = new ResultBlobs(log);
    await windowed(NODES * BATCH_ROWS.length, 32, async (i) => void (await blobs.hashFor(nodes[i % NODES]!.nodeId, ['probabilities'], BATCH_ROWS[Math.floor(i / NODES)]!)));

    const jobs = Array.from({ length: JOBS }, (_, j) => ({ jobId: `pipe-${suffix}-${j}`, batchRows: BATCH_ROWS[j % BATCH_ROWS.length]! }));
    const expected = jobs.reduce((sum, j) => sum + expectedFragments(j.batchRows), 0);
    const watch = await watchJobs(log, new Set(jobs.map((j) => j.jobId)));
    const counters: Counters = { accepted: 0, refused: 0, requests: 0, timeouts: 0 };
    const seqBefore = (await log.jsm.streams.info(names.stream)).state.last_seq;

    const start = process.hrtime.bigint();
    loops = nodes.map((n) => nodeLoop(n, blobs, counters, stop));
    await Promise.all(
      jobs.map(({ jobId, batchRows }) =>
        log.store.append(subjects.job(jobId), [{
          type: JobSubmitted.type,
          data: {
            jobId, accountId: 'acc-bench', type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5', priority: 'normal',
            requirements: {}, params: { batchRows }, submittedAt: new Date().toISOString(),
          },
        }], 0),
      ),
    );
    const progress = setInterval(
      () =>
        console.log(
          `  ${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(1)} s: planned ${watch.planned}/${expected}, results accepted ${counters.accepted}, ` +
            `jobs completed ${watch.completed}/${JOBS}, work requests ${counters.requests}, timeouts ${counters.timeouts}`,
        ),
      Number(process.env.PIPELINE_PROGRESS_MS ?? 5_000),
    );
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), DEADLINE_MS)));
    const failedLoop = Promise.race(loops.map((l) => l.then(() => new Promise<never>(() => undefined))));
    let outcome: bigint | 'deadline';
    try {
      outcome = await Promise.race([watch.done, deadline, failedLoop]);
    } finally {
      clearInterval(progress);
      clearTimeout(timer);
    }
    const partial = outcome === 'deadline';
    const end = partial ? process.hrtime.bigint() : (outcome as bigint);
    const seconds = Number(end - start) / 1e9;
    const accepted = counters.accepted;
    stop.done = true;
    await scheduler.close();
    await Promise.all(loops);
    loops = [];
    await watch.stop();
    if (watch.failed) throw new Error(`a job failed: ${watch.failed}`);
    if (counters.refused) throw new Error(`${counters.refused} results refused`);
    if (!partial && watch.planned !== expected) throw new Error(`planned ${watch.planned} fragments, expected ${expected}`);
    const events = (await log.jsm.streams.info(names.stream)).state.last_seq - seqBefore;
    // At the deadline: fragments whose result was accepted, per second so far (jobs unfinished).
    const fragmentsPerS = (partial ? accepted : expected) / seconds;
    if (partial) {
      console.log(
        `  DEADLINE ${DEADLINE_MS / 1000} s reached: planned ${watch.planned}/${expected}, ${accepted} results accepted, ` +
          `${watch.completed}/${JOBS} jobs completed; figure = accepted results / elapsed`,
      );
    }
    console.log(
      `  ${JOBS} jobs, ${expected} fragments, ${NODES} nodes on ${CONNECTIONS} connections: ${seconds.toFixed(2)} s; ` +
        `${accepted} results accepted, ${counters.requests} work requests, ${counters.timeouts} request timeouts, ` +
        `${events} events appended (${(events / seconds).toFixed(0)} events/s)`,
    );

    await rawPublish(log, 2_000);
    const raw = await rawPublish(log, expected);
    console.log(`  raw publish of ${expected} msgs: ${raw.toFixed(0)} msgs/s`);
    return [
      result('pipeline', 'pipeline_fragments_per_s', fragmentsPerS, { target: TARGET }),
      result('pipeline', 'pipeline_fragments_per_s_vs_raw_publish_msgs_per_s', fragmentsPerS, { baseline: raw }),
    ];
  } finally {
    stop.done = true;
    await scheduler?.close().catch(() => undefined);
    await Promise.allSettled(loops);
    // Retried: a request made while the process is still saturated can time out.
    for (const stream of [`OBJ_${blobBucketName(names.prefix)}`, uploadStreamName(names.prefix), names.stream]) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const outcome = await log.jsm.streams.delete(stream).then(() => 'deleted', (err: Error) => (/not found/i.test(err.message) ? 'absent' : 'retry'));
        if (outcome !== 'retry') break;
      }
    }
    await Promise.all(logs.map((l) => l.close().catch(() => undefined)));
  }
}
