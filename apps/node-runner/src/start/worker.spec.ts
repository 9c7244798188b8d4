import pino from 'pino';
import type { FragmentTask } from '@corex/events';
import { ValidationError } from '@corex/platform';
import type { ExecutionResult } from '../execute/execute-task';
import { assignment, InMemoryScheduler, recordingProgress, workWith, type Call } from './testing/in-memory-scheduler';
import { Worker, type WorkerSettings } from './worker';

const GIB = 1024 ** 3;
const settings: WorkerSettings = {
  slots: 2,
  memoryBudgetBytes: 2 * GIB,
  heartbeatMs: 60_000,
  idleBackoffCapMs: 20,
  retry: { initialMs: 1, capMs: 20 },
  resultAttempts: 3,
};

function resultOf(task: FragmentTask): ExecutionResult {
  const rows = task.rows;
  return { resultHash: 'd'.repeat(64), rowsProcessed: rows, durationMs: 1, metrics: { rows }, executionProvider: 'cpu' };
}

/** An executor whose fragments finish only when the test says so. */
function heldExecutor() {
  const held: Array<{ finish: () => void; fail: (err: Error) => void }> = [];
  let announce: () => void = () => undefined;
  const execute = (task: FragmentTask) =>
    new Promise<ExecutionResult>((resolve, reject) => {
      held.push({ finish: () => resolve(resultOf(task)), fail: reject });
      announce();
    });
  const started = (count: number) =>
    new Promise<void>((resolve) => {
      announce = () => held.length >= count && resolve();
      announce();
    });
  return { execute, held, started };
}

const isResult = (leaseId: string) => (c: Call) => c.kind === 'result' && c.leaseId === leaseId;
const notHeartbeat = (c: Call) => c.kind !== 'heartbeat';

describe('Worker', () => {
  let scheduler: InMemoryScheduler;
  let progress: ReturnType<typeof recordingProgress>;
  let worker: Worker;
  const logger = pino({ level: 'silent' });

  beforeEach(() => {
    scheduler = new InMemoryScheduler();
    progress = recordingProgress();
  });
  afterEach(async () => worker?.stop(0));

  function startWorker(execute: (task: FragmentTask) => Promise<ExecutionResult>, overrides: Partial<WorkerSettings> = {}): void {
    worker = new Worker({ ...settings, ...overrides }, { client: scheduler, execute, progress, logger, systemFreeMemory: () => 64 * GIB });
    worker.start();
  }

  it('asks for as many fragments as it has free slots and submits each result under its lease', async () => {
    scheduler.queueWork(workWith(assignment(1), assignment(2)));
    startWorker(async (task) => resultOf(task));
    await Promise.all([progress.waitFor('finished', 'lease-1'), progress.waitFor('finished', 'lease-2')]);
    expect(scheduler.calls.find(notHeartbeat)).toEqual({ kind: 'work', slots: 2 });
    const finished = progress.events.filter((e) => e.type === 'finished').map((e) => e.assignment.leaseId);
    expect(finished.sort()).toEqual(['lease-1', 'lease-2']);
  });

  it('sends the result again after retryAfterMs while the replica gate answers REVEAL_TOO_EARLY, beyond its result attempts', async () => {
    let held = 4;
    scheduler.resultReply = () => (held-- > 0 ? { ok: false, code: 'NODE.REVEAL_TOO_EARLY', message: 'wait', retryAfterMs: 1 } : { ok: true });
    scheduler.queueWork(workWith(assignment(1)));
    startWorker(async (task) => resultOf(task), { resultAttempts: 2 });
    await progress.waitFor('finished', 'lease-1');
    expect(scheduler.calls.filter(isResult('lease-1'))).toHaveLength(5);
  });

  it('does not ask for more work while every slot is busy, and asks again as soon as one frees', async () => {
    const executor = heldExecutor();
    scheduler.queueWork(workWith(assignment(1)), workWith(assignment(2)));
    startWorker(executor.execute, { slots: 1 });
    await executor.started(1);
    executor.held[0]!.finish();
    await executor.started(2);
    expect(scheduler.calls.filter(notHeartbeat).slice(0, 3)).toEqual([
      { kind: 'work', slots: 1 },
      { kind: 'result', leaseId: 'lease-1', resultHash: 'd'.repeat(64) },
      { kind: 'work', slots: 1 },
    ]);
  });

  it('releases the lease with reason error and "<CODE>: <message>" when execution fails, so the fragment is reassigned and its owner told why', async () => {
    scheduler.queueWork(workWith(assignment(1)));
    startWorker(async () => {
      throw new ValidationError('RUNNER.BLOB_MISSING', 'input blob cccc is not in the blob store');
    });
    await progress.waitFor('released', 'lease-1');
    const release = scheduler.calls.find((c) => c.kind === 'release');
    expect(release).toEqual({ kind: 'release', leaseId: 'lease-1', reason: 'error', error: 'RUNNER.BLOB_MISSING: input blob cccc is not in the blob store' });
    expect(progress.events.map((e) => e.type)).toEqual(['started', 'failed', 'released']);
    expect(progress.events[1]).toMatchObject({ code: 'RUNNER.BLOB_MISSING' });
    expect(scheduler.calls.some((c) => c.kind === 'result')).toBe(false);
  });

  it('reports a refused result with its code and moves on to the next fragment', async () => {
    scheduler.resultReply = (a) => (a.leaseId === 'lease-1' ? { ok: false, code: 'NODE.LEASE_STALE', message: 'lease superseded' } : { ok: true });
    scheduler.queueWork(workWith(assignment(1)), workWith(assignment(2)));
    startWorker(async (task) => resultOf(task), { slots: 1 });
    await progress.waitFor('finished', 'lease-2');
    const outcomes = progress.events.filter((e) => e.type === 'refused' || e.type === 'finished');
    expect(outcomes.map((e) => [e.type, e.assignment.leaseId])).toEqual([
      ['refused', 'lease-1'],
      ['finished', 'lease-2'],
    ]);
    expect(outcomes[0]).toMatchObject({ code: 'NODE.LEASE_STALE' });
  });

  it('backs off and retries while the scheduler does not answer, saying so once', async () => {
    scheduler.queueWork('unavailable', 'unavailable', 'unavailable', workWith(assignment(1)));
    startWorker(async (task) => resultOf(task));
    await progress.waitFor('finished', 'lease-1');
    expect(scheduler.calls.filter((c) => c.kind === 'work').length).toBeGreaterThanOrEqual(4);
    expect(progress.messages).toEqual(['the scheduler did not answer the work request; retrying with backoff', 'the scheduler answers again']);
  });

  it('submits a result again when the scheduler could not record it', async () => {
    let attempts = 0;
    scheduler.resultReply = () => (++attempts === 1 ? { ok: false, code: 'NODE.UNAVAILABLE', message: 'event store down' } : { ok: true });
    scheduler.queueWork(workWith(assignment(1)));
    startWorker(async (task) => resultOf(task));
    await progress.waitFor('finished', 'lease-1');
    expect(scheduler.calls.filter(isResult('lease-1'))).toHaveLength(2);
    expect(progress.events.map((e) => e.type)).toEqual(['started', 'submitting', 'finished']);
  });

  it('heartbeats the leases it is running and what it can still take', async () => {
    const executor = heldExecutor();
    scheduler.queueWork(workWith(assignment(1)));
    startWorker(executor.execute, { heartbeatMs: 5 });
    const beat = await scheduler.waitFor((c) => c.kind === 'heartbeat' && c.state.leaseIds.length > 0);
    expect(beat).toEqual({ kind: 'heartbeat', state: { leaseIds: ['lease-1'], slots: 1, freeMemoryBytes: GIB } });
    executor.held[0]!.finish();
  });

  it('on stop, asks for no more work and lets running fragments finish and submit within the grace period', async () => {
    const executor = heldExecutor();
    scheduler.queueWork(workWith(assignment(1)));
    startWorker(executor.execute, { slots: 1 });
    await executor.started(1);
    const stopping = worker.stop(10_000);
    executor.held[0]!.finish();
    const summary = await stopping;
    expect(summary).toMatchObject({ releasedOnShutdown: 0, totals: { completed: 1, released: 0 } });
    expect(scheduler.calls.filter(notHeartbeat)).toEqual([
      { kind: 'work', slots: 1 },
      { kind: 'result', leaseId: 'lease-1', resultHash: 'd'.repeat(64) },
    ]);
  });

  it('on stop, releases fragments still running after the grace period with reason shutdown', async () => {
    const executor = heldExecutor();
    scheduler.queueWork(workWith(assignment(1), assignment(2)));
    startWorker(executor.execute);
    await executor.started(2);
    executor.held[0]!.finish();
    await progress.waitFor('finished', 'lease-1');
    const summary = await worker.stop(10);
    expect(summary).toMatchObject({ releasedOnShutdown: 1, totals: { completed: 1, released: 1 } });
    expect(scheduler.calls.filter((c) => c.kind === 'release')).toEqual([{ kind: 'release', leaseId: 'lease-2', reason: 'shutdown', error: undefined }]);
  });
});
