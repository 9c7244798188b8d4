import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadPenguins } from '@corex/compute';
import { JobCompleted, JobFailed, JobStepCompleted, JobSubmitted, subjects, type JobStepCompletedData } from '@corex/events';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { loadConfig } from '@corex/platform';
import { schedulerConfigSchema, startScheduler, type RunningScheduler } from '@corex/scheduler-app';
import { disposeTestLog, NATS_URL, uniqueNames } from '../../../../test/support/infra';

// Three CLI processes compile, benchmark and join, then each registers its dataset: a minute or two.
jest.setTimeout(300_000);

const repoRoot = path.resolve(__dirname, '../../../..');
const bin = path.join(repoRoot, 'apps/node-runner/bin/node-runner.js');
const MEMBERS = 3;
const ROUNDS = 2;

interface ProgressLine {
  event: string;
  msg?: string;
  kind?: string;
  totals?: { completed: number; failed: number };
}

/**
 * The node side of a federated job against the real scheduler (no verifier: results count at
 * once): three `node-runner start` processes, each with a third of the penguins registered by
 * `node-runner dataset add`, run the setup, update and unmask phases of two FedAvg rounds.
 */
describe('node-runner start runs the phases of a federated job', () => {
  const names = uniqueNames('fedrun');
  let log: EventLog;
  let scheduler: RunningScheduler;
  const homes: string[] = [];
  const nodes: Array<{ child: ChildProcess; lines: ProgressLine[] }> = [];
  const env = { ...process.env, NATS_URL, COREX_SUBJECT_PREFIX: names.prefix, LOG_LEVEL: 'warn', COREX_HEARTBEAT_MS: '500' };

  beforeAll(async () => {
    log = await openEventLog({ url: NATS_URL, service: 'test', ...names });
    const config = { NATS_URL, COREX_STREAM: names.stream, COREX_SUBJECT_PREFIX: names.prefix, LOG_LEVEL: 'silent', COREX_VERIFICATION: 'off' };
    scheduler = await startScheduler(loadConfig(schedulerConfigSchema, config));
  });
  afterAll(async () => {
    for (const { child } of nodes) child.kill('SIGKILL');
    await scheduler?.close();
    await disposeTestLog(log);
    for (const home of homes) await rm(home, { recursive: true, force: true });
  });

  /** Starts a node; resolves once it has joined and works. */
  function startNode(home: string): Promise<void> {
    const child = spawn(process.execPath, [bin, 'start', '--home', home, '--json', '--slots', '1'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const node = { child, lines: [] as ProgressLine[] };
    nodes.push(node);
    return new Promise((resolve) => {
      createInterface({ input: child.stdout! }).on('line', (text) => {
        const line = JSON.parse(text) as ProgressLine;
        node.lines.push(line);
        if (line.event === 'node' && line.msg === 'node started') resolve();
      });
    });
  }

  function datasetAdd(home: string, file: string): Promise<number | null> {
    const child = spawn(process.execPath, [bin, 'dataset', 'add', file, '--federation', 'colonies', '--label', 'Species', '--home', home, '--json'], { cwd: repoRoot, env, stdio: 'ignore' });
    return new Promise((resolve) => child.on('close', resolve));
  }

  /** Every third penguin from `offset` as a CSV, header quoted as an operator's export would be. */
  function memberCsv(offset: number): string {
    const penguins = loadPenguins();
    const width = penguins.featureNames.length;
    const lines = [[...penguins.featureNames, 'Species'].map((n) => `"${n}"`).join(',')];
    for (let i = offset; i < penguins.rows; i += MEMBERS) lines.push(`${penguins.features.subarray(i * width, (i + 1) * width).join(',')},${penguins.classNames[penguins.labels[i]!]}`);
    return lines.join('\n');
  }

  /** Events of the job until it completes or fails. */
  async function runJob(jobId: string, data: Record<string, unknown>) {
    const subscription = log.nc.subscribe(log.store.subjectOf(subjects.job(jobId)));
    await log.store.append(subjects.job(jobId), [{ type: JobSubmitted.type, data }], 0);
    const events: Array<{ type: string; data: Record<string, unknown> }> = [];
    for await (const message of subscription) {
      events.push(message.json());
      const { type } = events.at(-1)!;
      if (type === JobCompleted.type || type === JobFailed.type) break;
    }
    return events;
  }

  it('trains through two secure-aggregation rounds; every phase ran on the node holding the data', async () => {
    for (let m = 0; m < MEMBERS; m++) {
      const home = await mkdtemp(path.join(os.tmpdir(), `corex-fedrun-${m}-`));
      homes.push(home);
      await startNode(home);
      await writeFile(path.join(home, 'colony.csv'), memberCsv(m));
      expect(await datasetAdd(home, path.join(home, 'colony.csv'))).toBe(0);
    }
    const jobId = randomUUID();
    const params = { federated: { rounds: ROUNDS, localEpochs: 5, clipNorm: 50, validationDataset: 'penguins' } };
    const submitted = { jobId, accountId: 'acc-fed', type: 'training', model: 'mlp', dataset: 'federation:colonies', budget: '5', priority: 'normal', requirements: {}, params, submittedAt: new Date().toISOString() };
    const events = await runJob(jobId, submitted);

    expect(events.at(-1)!.type).toBe(JobCompleted.type);
    const rounds = events.filter((e) => e.type === JobStepCompleted.type).map((e) => e.data as unknown as JobStepCompletedData);
    expect(rounds.map((r) => ({ step: r.step, accepted: r.accepted, participants: r.participants?.length, dropped: r.federated?.dropped }))).toEqual(
      [1, 2].map((step) => ({ step, accepted: true, participants: MEMBERS, dropped: [] })),
    );
    expect(rounds.at(-1)!.accuracy).toBeGreaterThan(0.9);
    // Each node ran its setup and, per round, its update and unmask, and failed none.
    for (const { lines } of nodes) {
      const finished = lines.filter((l) => l.event === 'fragment.finished').map((l) => l.kind);
      expect(finished.sort()).toEqual([...Array(ROUNDS).fill('federated-setup'), ...Array(ROUNDS).fill('federated-unmask'), ...Array(ROUNDS).fill('federated-update')].sort());
      expect(lines.some((l) => l.event === 'fragment.failed' || l.event === 'fragment.released')).toBe(false);
    }
  });
});
