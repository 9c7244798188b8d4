import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { NodeBenchmarked, NodeRegistered, subjects, type NodeBenchmarkedData } from '@corex/events';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { loadConfig } from '@corex/platform';
import { schedulerConfigSchema, startScheduler, type RunningScheduler } from '@corex/scheduler-app';
import { disposeTestLog, NATS_URL, uniqueNames } from '../../../test/support/infra';


const repoRoot = path.resolve(__dirname, '../../..');
const bin = path.join(repoRoot, 'apps/node-runner/bin/node-runner.js');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in its own process, as an operator would. */
function nodeRunner(args: string[], prefix: string): Promise<CliRun> {
  const env = { ...process.env, NATS_URL, COREX_SUBJECT_PREFIX: prefix, LOG_LEVEL: 'warn' };
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: repoRoot, env, timeout: 45_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('node-runner join', () => {
  const names = uniqueNames('join');
  let log: EventLog;
  let scheduler: RunningScheduler;
  let homes: string;

  beforeAll(async () => {
    log = await openEventLog({ url: NATS_URL, service: 'test', ...names });
    const config = { NATS_URL, COREX_STREAM: names.stream, COREX_SUBJECT_PREFIX: names.prefix, LOG_LEVEL: 'silent' };
    scheduler = await startScheduler(loadConfig(schedulerConfigSchema, config));
    homes = await mkdtemp(path.join(os.tmpdir(), 'corex-join-'));
  });
  afterAll(async () => {
    await scheduler?.close();
    await disposeTestLog(log);
    await rm(homes, { recursive: true, force: true });
  });

  async function nodeEvents(nodeId: string) {
    return (await log.store.read(subjects.node(nodeId))).events.map((e) => e.event);
  }

  it('registers a new node with a positive benchmark and keeps its identity in a 0600 file', async () => {
    const home = path.join(homes, 'first');
    const run = await nodeRunner(['join', '--json', '--home', home, '--name', 'ci-node'], names.prefix);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ ok: true, status: 'registered', identityCreated: true });
    expect((await stat(path.join(home, 'identity.nk'))).mode & 0o777).toBe(0o600);

    const events = await nodeEvents(result.nodeId);
    expect(events.map((e) => e.type)).toEqual([NodeRegistered.type, NodeBenchmarked.type]);
    expect(events[0]!.data).toMatchObject({ nodeId: result.nodeId, name: 'ci-node' });
    const benchmarked = events[1]!.data as NodeBenchmarkedData;
    expect(benchmarked.benchmark.gflops).toBeGreaterThan(0);
    expect(benchmarked.benchmark.gflops).toBe(result.gflops);
  });

  it('reuses the same node id when it joins again, recording only a new benchmark', async () => {
    const home = path.join(homes, 'again');
    const first = JSON.parse((await nodeRunner(['join', '--json', '--home', home], names.prefix)).stdout);
    const second = await nodeRunner(['join', '--json', '--home', home], names.prefix);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, nodeId: first.nodeId, status: 're-benchmarked', identityCreated: false });
    const types = (await nodeEvents(first.nodeId)).map((e) => e.type);
    expect(types).toEqual([NodeRegistered.type, NodeBenchmarked.type, NodeBenchmarked.type]);
  });

  it('exits non-zero and says why when no scheduler answers', async () => {
    const run = await nodeRunner(['join', '--json', '--home', path.join(homes, 'alone')], `${names.prefix}-nobody`);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      code: 'RUNNER.FAILED',
      message: expect.stringMatching(/no scheduler is listening/),
    });
  });
});
