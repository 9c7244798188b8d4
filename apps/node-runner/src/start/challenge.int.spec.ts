import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ChallengeIssued, ChallengeJudged, FraudDetected, type ChallengeIssuedData, type ChallengeJudgedData } from '@corex/events';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { loadConfig } from '@corex/platform';
import { schedulerConfigSchema, startScheduler, type RunningScheduler } from '@corex/scheduler-app';
import { startVerifier, verifierConfigSchema, type RunningVerifier } from '@corex/verifier-app';
import { disposeTestLog, NATS_URL, uniqueNames } from '../../../../test/support/infra';
import { eventsOfType, waitForEvent } from '../../../../test/support/wait-for-event';

// A fresh CLI process compiles, benchmarks, joins and then works: seconds, not milliseconds.
jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '../../../..');
const bin = path.join(repoRoot, 'apps/node-runner/bin/node-runner.js');

describe('node-runner start: benchmark challenges', () => {
  const names = uniqueNames('nrchl');
  let log: EventLog;
  let scheduler: RunningScheduler;
  let verifier: RunningVerifier;
  let home: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    log = await openEventLog({ url: NATS_URL, service: 'test', ...names });
    const shared = { NATS_URL, COREX_STREAM: names.stream, COREX_SUBJECT_PREFIX: names.prefix, LOG_LEVEL: 'silent' };
    scheduler = await startScheduler(loadConfig(schedulerConfigSchema, { ...shared, COREX_VERIFICATION: 'off' }));
    verifier = await startVerifier(verifierConfigSchema.parse({ ...shared, COREX_VERIFIER_TICK_MS: '100' }));
    home = await mkdtemp(path.join(os.tmpdir(), 'corex-challenge-'));
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await verifier?.close();
    await scheduler?.close();
    await disposeTestLog(log);
    await rm(home, { recursive: true, force: true });
  });

  it('answers the join challenge the work reply names: judged confirmed or slow, never fraud', async () => {
    const env = { ...process.env, NATS_URL, COREX_SUBJECT_PREFIX: names.prefix, LOG_LEVEL: 'warn', COREX_HEARTBEAT_MS: '500' };
    child = spawn(process.execPath, [bin, 'start', '--home', home, '--json', '--slots', '1'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const outcomes: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as { event: string; outcome?: string };
      if (line.event === 'node' && line.outcome) outcomes.push(line.outcome);
    });

    const issued = await waitForEvent<ChallengeIssuedData>(log, ChallengeIssued.type, (d) => d.reason === 'join', 90_000);
    const judged = await waitForEvent<ChallengeJudgedData>(log, ChallengeJudged.type, (d) => d.challengeId === issued.data.challengeId, 90_000);
    expect(['confirmed', 'slow']).toContain(judged.data.outcome);
    expect(judged.data.maxRelativeError).toBeLessThanOrEqual(1e-3);
    expect(judged.data.measuredGflops).toBeGreaterThan(0);
    expect(await eventsOfType(log, FraudDetected.type)).toEqual([]);

    child.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));
    // The node reported the outcome the verifier gave it.
    expect(outcomes).toContain(judged.data.outcome);
  });
});
