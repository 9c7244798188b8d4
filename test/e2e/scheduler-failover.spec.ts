import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { encodeTensorMap } from '@corex/compute';
import { FragmentAssigned, JobCompleted, JobFragmentsPlanned, JobSubmitted, subjects, type FragmentAssignedData, type JobFragmentsPlannedData } from '@corex/events';
import { openEventLog, type EventLog } from '@corex/eventstore';
import type { Assignment } from '@corex/node-protocol';
import { newId } from '@corex/platform';
import { disposeTestLog, NATS_URL, uniqueNames } from '../support/infra';
import { ProtocolNode } from '../support/protocol-node';
import { eventsOfType, waitForEvent } from '../support/wait-for-event';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '../..');

/** A scheduler in its own process (as deployed), with its log lines (pino JSON) as they come, timestamped. */
class SchedulerProcess {
  readonly lines: { at: number; msg: string; epoch?: number }[] = [];
  private readonly child: ChildProcess;
  private readonly waiters: { match: RegExp; resolve: () => void }[] = [];
  readonly exited: Promise<void>;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/scheduler/src/main.ts'], {
      cwd: root,
      env: { ...process.env, ...env, LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    let buffered = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) this.onLine(line);
    });
  }

  private onLine(line: string): void {
    let entry: { msg?: string; epoch?: number };
    try {
      entry = JSON.parse(line);
    } catch {
      return;
    }
    if (!entry.msg) return;
    this.lines.push({ at: Date.now(), msg: entry.msg, epoch: entry.epoch });
    for (const w of [...this.waiters]) {
      if (w.match.test(entry.msg)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  /** Resolves when (or if already) a line matches. */
  waitFor(match: RegExp): Promise<void> {
    if (this.lines.some((l) => match.test(l.msg))) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  servingSince(): number | undefined {
    return this.lines.find((l) => l.msg === 'scheduler ready: serving work')?.at;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number> {
    if (this.child.exitCode === null) this.child.kill(signal);
    await this.exited;
    return Date.now();
  }
}

describe('two schedulers: one leader, one standby', () => {
  const names = uniqueNames('fo');
  const env = { NATS_URL, COREX_STREAM: names.stream, COREX_SUBJECT_PREFIX: names.prefix, COREX_LEADER_TTL_MS: '1500', COREX_LEASE_TTL_MS: '30000', COREX_WORK_LONG_POLL_MS: '0', COREX_VERIFICATION: 'off' };
  let log: EventLog;
  const processes: SchedulerProcess[] = [];

  beforeAll(async () => {
    log = await openEventLog({ url: NATS_URL, service: 'test', ...names });
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGTERM')));
    await disposeTestLog(log);
  });

  async function result(n: ProtocolNode, a: Assignment): Promise<string> {
    const probabilities = { data: new Float32Array(a.task.rows * 3).fill(1 / 3), dims: [a.task.rows, 3] };
    return (await log.uploads()).put(n.nodeId, encodeTensorMap({ probabilities }));
  }

  it('only the leader serves; when it is killed the standby takes over from the log and the job completes', async () => {
    const first = new SchedulerProcess(env);
    processes.push(first);
    await first.waitFor(/scheduler ready: serving work/);
    const second = new SchedulerProcess(env);
    processes.push(second);
    await second.waitFor(/standing by/);

    const jobId = newId();
    const job = {
      jobId, accountId: 'acc-1', type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5',
      priority: 'normal', requirements: {}, params: { batchRows: 100 }, submittedAt: new Date().toISOString(),
    };
    await log.store.append(subjects.job(jobId), [{ type: JobSubmitted.type, data: job }], 0);
    const planned = await waitForEvent<JobFragmentsPlannedData>(log, JobFragmentsPlanned.type, (d) => d.jobId === jobId);
    const n = new ProtocolNode(log, ProtocolNode.hardware(8 * 2 ** 30));
    await n.register();
    const held = await n.requestWork(2);
    expect(held).toHaveLength(2);
    expect(held.every((a) => /-e1-a1$/.test(a.leaseId))).toBe(true);
    expect(await n.submit(held[0]!, await result(n, held[0]!))).toEqual({ ok: true });

    const killedAt = await first.kill();
    await second.waitFor(/scheduler ready: serving work/);
    expect(second.servingSince()!).toBeGreaterThanOrEqual(killedAt);

    // The standby rebuilt the leases from the log: the result under the first leader's lease is accepted.
    expect(await n.submit(held[1]!, await result(n, held[1]!))).toEqual({ ok: true });
    for (let rest = await n.requestWork(4); rest.length; rest = await n.requestWork(4)) {
      expect(rest.every((a) => /-e2-a1$/.test(a.leaseId))).toBe(true);
      for (const a of rest) expect(await n.submit(a, await result(n, a))).toEqual({ ok: true });
    }
    await waitForEvent(log, JobCompleted.type, (d: { jobId: string }) => d.jobId === jobId);

    const assigned = await eventsOfType<FragmentAssignedData>(log, FragmentAssigned.type);
    const ids = assigned.map((e) => e.data.leaseId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(assigned.map((e) => e.data.fragmentId))).toEqual(new Set(planned.data.fragments.map((f) => f.fragmentId)));
  });
});
