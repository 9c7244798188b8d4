import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import {
  FragmentCompleted,
  JobCompleted,
  JobFragmentsPlanned,
  JobSubmitted,
  NodeLeft,
  subjects,
  type FragmentCompletedData,
  type JobCompletedData,
  type JobFragmentsPlannedData,
} from '@corex/events';
import { blobBucketName, openEventLog, type EventLog } from '@corex/eventstore';
import { loadConfig } from '@corex/platform';
import { schedulerConfigSchema, startScheduler, type RunningScheduler } from '@corex/scheduler-app';
import { disposeTestLog, NATS_URL, uniqueNames } from '../../../../test/support/infra';
import { health, sample, scrapeMetrics } from '../../../../test/support/metrics';

// A fresh CLI process compiles, benchmarks, joins and then works: seconds, not milliseconds.
jest.setTimeout(90_000);

const repoRoot = path.resolve(__dirname, '../../../..');
const bin = path.join(repoRoot, 'apps/node-runner/bin/node-runner.js');

interface ProgressLine {
  event: string;
  leaseId?: string;
  fragmentId?: string;
  jobId?: string;
  nodeId?: string;
  msg?: string;
  opsUrl?: string;
}

describe('node-runner start', () => {
  const names = uniqueNames('start');
  let log: EventLog;
  let scheduler: RunningScheduler;
  let home: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    log = await openEventLog({ url: NATS_URL, service: 'test', ...names });
    // No verifier runs here: completed fragments count at once.
    const config = { NATS_URL, COREX_STREAM: names.stream, COREX_SUBJECT_PREFIX: names.prefix, LOG_LEVEL: 'silent', COREX_VERIFICATION: 'off' };
    scheduler = await startScheduler(loadConfig(schedulerConfigSchema, config));
    home = await mkdtemp(path.join(os.tmpdir(), 'corex-start-'));
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await scheduler?.close();
    await disposeTestLog(log);
    await rm(home, { recursive: true, force: true });
  });

  /** Starts the real CLI; resolves its exit code, collects its JSON progress lines and lets a test await one. */
  function startNode() {
    const env = { ...process.env, NATS_URL, COREX_SUBJECT_PREFIX: names.prefix, LOG_LEVEL: 'warn', COREX_HEARTBEAT_MS: '500', COREX_NODE_HTTP_PORT: '0' };
    child = spawn(process.execPath, [bin, 'start', '--home', home, '--json', '--slots', '2'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: ProgressLine[] = [];
    const waiters: Array<{ match: (line: ProgressLine) => boolean; resolve: () => void }> = [];
    createInterface({ input: child.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as ProgressLine;
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.match(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    const waitFor = (match: (line: ProgressLine) => boolean) =>
      lines.some(match) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ match, resolve }));
    return { lines, exited, waitFor };
  }

  /**
   * The scheduler may record the job's completion before the node has read the reply to its last
   * result: wait until the node reported every planned fragment as finished.
   */
  async function nodeFinishedEveryFragment(jobId: string): Promise<ProgressLine[]> {
    const events = (await log.store.read(subjects.job(jobId))).events.map((e) => e.event);
    const planned = events.filter((e) => e.type === JobFragmentsPlanned.type).flatMap((e) => (e.data as JobFragmentsPlannedData).fragments);
    const isFinished = (id: string) => (l: ProgressLine) => l.event === 'fragment.finished' && l.fragmentId === id;
    await Promise.all(planned.map((f) => node.waitFor(isFinished(f.fragmentId))));
    return node.lines.filter((l) => l.event === 'fragment.finished' && l.jobId === jobId);
  }

  /** Resolves with the job's JobCompleted event as soon as the scheduler appends it. */
  function jobCompletion(jobId: string): Promise<JobCompletedData> {
    const subscription = log.nc.subscribe(log.store.subjectOf(subjects.job(jobId)));
    return (async () => {
      for await (const message of subscription) {
        const event = message.json<{ type: string; data: JobCompletedData }>();
        if (event.type === JobCompleted.type) {
          subscription.unsubscribe();
          return event.data;
        }
      }
      throw new Error('subscription closed before the job completed');
    })();
  }

  function submit(jobId: string, type: 'inference' | 'training', params: Record<string, unknown> = {}) {
    const data = { jobId, accountId: 'acc-start-test', type, model: 'penguins-mlp', dataset: 'penguins', budget: '5', priority: 'normal' as const };
    return log.store.append(subjects.job(jobId), [{ type: JobSubmitted.type, data: { ...data, requirements: {}, params, submittedAt: new Date().toISOString() } }], 0);
  }

  // One node for the whole file, as an operator would run it; the last test stops it.
  let node: ReturnType<typeof startNode>;
  beforeAll(() => {
    node = startNode();
  });

  it('runs every fragment of a submitted inference job, each result recorded under its lease', async () => {
    const jobId = randomUUID();
    const completed = jobCompletion(jobId);
    await submit(jobId, 'inference');
    expect(await completed).toMatchObject({ jobId, result: { kind: 'predictions', rows: 342 } });

    const finished = await nodeFinishedEveryFragment(jobId);
    expect(finished.length).toBeGreaterThan(0);
    const recorded = await fragmentCompletions(finished.map((l) => l.fragmentId!));
    expect(recorded.map((c) => c.leaseId).sort()).toEqual(finished.map((l) => l.leaseId!).sort());
  });

  it('serves /metrics and /health on COREX_NODE_HTTP_PORT, counting the fragments it completed', async () => {
    const opsUrl = node.lines.find((l) => l.event === 'node' && l.msg === 'node started')?.opsUrl;
    expect(opsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await health(opsUrl!)).toEqual({ status: 200, body: { status: 'ok', service: 'node-runner', dependencies: { nats: 'ok' } } });
    const text = await scrapeMetrics(opsUrl!);
    const finished = node.lines.filter((l) => l.event === 'fragment.finished').length;
    expect(sample(text, 'corex_node_fragments_total', { outcome: 'completed' })).toBe(finished);
    expect(sample(text, 'corex_node_slots')).toBe(2);
    expect(sample(text, 'corex_node_running_fragments')).toBe(0);
  });

  it('trains a model through gradient fragments that report their loss', async () => {
    const jobId = randomUUID();
    const completed = jobCompletion(jobId);
    await submit(jobId, 'training', { epochs: 2, shards: 2 });
    const result = await completed;
    expect(result).toMatchObject({ jobId, result: { kind: 'model' } });
    expect(result.result.loss).toBeGreaterThan(0);

    const finished = await nodeFinishedEveryFragment(jobId);
    expect(finished).toHaveLength(4);
    const recorded = await fragmentCompletions(finished.map((l) => l.fragmentId!));
    expect(recorded).toHaveLength(4);
    for (const completion of recorded) expect(completion.metrics).toEqual({ loss: expect.any(Number), rows: expect.any(Number) });
  });

  it('exits 0 on SIGTERM with no lease left open, and leaves the network', async () => {
    child!.kill('SIGTERM');
    expect(await node.exited).toBe(0);
    const started = node.lines.filter((l) => l.event === 'fragment.started').map((l) => l.leaseId);
    const settled = node.lines.filter((l) => ['fragment.finished', 'fragment.refused', 'fragment.released'].includes(l.event)).map((l) => l.leaseId);
    expect(started.length).toBeGreaterThan(0);
    expect(new Set(settled)).toEqual(new Set(started));
    expect(node.lines.at(-1)).toMatchObject({ event: 'node.stopped' });
    const nodeId = node.lines.find((l) => l.event === 'node' && l.nodeId)?.nodeId;
    const events = (await log.store.read(subjects.node(nodeId!))).events.map((e) => e.event);
    expect(events.at(-1)).toMatchObject({ type: NodeLeft.type, data: { nodeId, reason: 'shutdown' } });
  });

  /** The FragmentCompleted events the scheduler recorded for these fragments. */
  async function fragmentCompletions(fragmentIds: string[]): Promise<FragmentCompletedData[]> {
    const completions = await Promise.all(
      fragmentIds.map(async (id) => {
        const events = (await log.store.read(subjects.fragment(id))).events.map((e) => e.event);
        return events.filter((e) => e.type === FragmentCompleted.type).map((e) => e.data as FragmentCompletedData);
      }),
    );
    return completions.flat();
  }
});
