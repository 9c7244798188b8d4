import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FragmentTask } from '@corex/events';
import { nodeErrorCodes, type Assignment, type ResultReply, type TaskSealing } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import type { ExecutionResult } from '../execute/execute-task';
import { backoffDelay, idleDelay, type BackoffPolicy } from './backoff';
import { countEvent, emptyTotals, failureCode, type FragmentEvent, type ProgressReporter, type WorkerTotals } from './progress/fragment-events';
import { settlesWithin } from './settles-within';
import { SlotAccounting } from './slot-accounting';
import type { ReleaseReason, WorkClient } from './work-client';

export interface WorkerSettings {
  slots: number;
  memoryBudgetBytes: number;
  heartbeatMs: number;
  /** Longest wait before asking again when the scheduler had no work or did not answer. */
  idleBackoffCapMs: number;
  retry: BackoffPolicy;
  /** Attempts to deliver one result before giving up on it (its lease then expires). */
  resultAttempts: number;
}

export interface WorkerDeps {
  client: WorkClient;
  /** Runs the task, reading its blobs through the assignment's sealing. */
  execute(task: FragmentTask, sealing: TaskSealing): Promise<ExecutionResult>;
  progress: ProgressReporter;
  logger: Logger;
  systemFreeMemory?: () => number;
  /** A work reply named an open benchmark challenge (ChallengeRunner): answer it without holding up the loop. */
  onChallenge?: (challengeId: string) => void;
}

export interface StopSummary {
  totals: WorkerTotals;
  /** Leases still running when the grace period ended, released with reason `shutdown`. */
  releasedOnShutdown: number;
}

interface RunningFragment {
  readonly assignment: Assignment;
  done: Promise<void>;
  /** Released at shutdown: whatever it produces now is dropped. */
  abandoned: boolean;
}

/**
 * The node's work loop: asks for work while a slot is free, runs each assignment, submits its
 * result (or releases the lease when it fails), and heartbeats the leases it holds.
 */
export class Worker {
  private readonly slots: SlotAccounting;
  private readonly running = new Map<string, RunningFragment>();
  private readonly stopping = new AbortController();
  private wakeLoop?: () => void;
  private totals = emptyTotals();
  private failures = 0;
  private loop?: Promise<void>;
  private heartbeats?: NodeJS.Timeout;

  constructor(
    private readonly settings: WorkerSettings,
    private readonly deps: WorkerDeps,
  ) {
    this.slots = new SlotAccounting(settings.slots, settings.memoryBudgetBytes);
  }

  /** Fragments running now and what this worker did since it started (for /metrics). */
  get activity(): { running: number; totals: Readonly<WorkerTotals> } {
    return { running: this.running.size, totals: this.totals };
  }

  start(): void {
    this.sendHeartbeat();
    this.heartbeats = setInterval(() => this.sendHeartbeat(), this.settings.heartbeatMs);
    this.loop = this.workLoop();
  }

  /**
   * Stops asking for work and waits up to `graceMs` for running fragments to finish and submit;
   * releases the rest with reason `shutdown`. Heartbeats go on until then, so leases stay alive.
   */
  async stop(graceMs: number): Promise<StopSummary> {
    this.stopping.abort();
    this.wakeLoop?.();
    await this.loop;
    await settlesWithin(Promise.all([...this.running.values()].map((f) => f.done)), graceMs);
    const leftover = [...this.running.values()];
    for (const fragment of leftover) fragment.abandoned = true;
    await Promise.all(leftover.map((f) => this.release(f.assignment, 'shutdown')));
    clearInterval(this.heartbeats);
    return { totals: this.totals, releasedOnShutdown: leftover.length };
  }

  private get isStopping(): boolean {
    return this.stopping.signal.aborted;
  }

  private async workLoop(): Promise<void> {
    while (!this.isStopping) {
      if (this.slots.free === 0) {
        await new Promise<void>((resolve) => (this.wakeLoop = resolve));
        continue;
      }
      const delayMs = await this.askForWork();
      if (delayMs > 0) await sleep(delayMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
  }

  /** Asks for as much work as there are free slots and starts it; returns how long to wait before asking again. */
  private async askForWork(): Promise<number> {
    const reply = await this.deps.client.requestWork({ slots: this.slots.free, freeMemoryBytes: this.freeMemory() }).catch((err: Error) => err);
    if (reply instanceof Error) return this.backOff('the scheduler did not answer the work request', { err: reply.message });
    if (!reply.ok) return this.backOff(`the scheduler refused the work request: ${reply.code}`, { code: reply.code, err: reply.message });
    if (this.failures > 0) this.deps.progress.node('the scheduler answers again', { afterFailures: this.failures });
    this.failures = 0;
    if (reply.challenge) this.deps.onChallenge?.(reply.challenge.challengeId);
    for (const assignment of reply.assignments) {
      // Assigned while shutting down: give it straight back rather than start it.
      if (this.isStopping) void this.release(assignment, 'shutdown');
      else this.launch(assignment);
    }
    return reply.assignments.length > 0 ? 0 : idleDelay(reply.retryAfterMs, this.settings.idleBackoffCapMs);
  }

  private backOff(message: string, fields: Record<string, unknown>): number {
    this.failures++;
    const delayMs = backoffDelay(this.failures, { ...this.settings.retry, capMs: this.settings.idleBackoffCapMs });
    if (this.failures === 1) this.deps.progress.node(`${message}; retrying with backoff`, fields);
    this.deps.logger.debug({ ...fields, failures: this.failures, delayMs }, message);
    return delayMs;
  }

  private launch(assignment: Assignment): void {
    const fragment: RunningFragment = { assignment, done: Promise.resolve(), abandoned: false };
    this.slots.occupy(assignment.leaseId);
    this.running.set(assignment.leaseId, fragment);
    // Tell the heartbeat sender now, so the new lease is renewed from its next beat on.
    this.sendHeartbeat();
    fragment.done = this.runFragment(fragment)
      .catch((err: Error) => this.deps.logger.error({ err: err.message, leaseId: assignment.leaseId }, 'fragment handling failed'))
      .finally(() => {
        this.running.delete(assignment.leaseId);
        this.slots.vacate(assignment.leaseId);
        this.wakeLoop?.();
      });
  }

  private async runFragment(fragment: RunningFragment): Promise<void> {
    const { assignment } = fragment;
    this.emit({ type: 'started', assignment });
    let result: ExecutionResult;
    try {
      result = await this.deps.execute(assignment.task, assignment.sealing);
    } catch (err) {
      if (fragment.abandoned) return;
      const message = (err as Error).message ?? String(err);
      const code = failureCode(err);
      this.emit({ type: 'failed', assignment, code, message });
      // "<CODE>: <message>" (docs/node-protocol.md, release): the network shows both to the job's owner.
      return this.release(assignment, 'error', message.startsWith(`${code}:`) ? message : `${code}: ${message}`);
    }
    if (fragment.abandoned) return;
    this.emit({ type: 'submitting', assignment, result });
    const reply = await this.submit(fragment, result);
    if (fragment.abandoned) return;
    if (!reply) this.emit({ type: 'failed', assignment, code: 'RUNNER.RESULT_UNDELIVERED', message: 'the scheduler did not take the result' });
    else if (reply.ok) this.emit({ type: 'finished', assignment, result });
    else this.emit({ type: 'refused', assignment, code: reply.code, message: reply.message });
  }

  /** Delivers a result, retrying while the scheduler does not answer; null when it never did. */
  private async submit(fragment: RunningFragment, result: ExecutionResult): Promise<ResultReply | null> {
    for (let attempt = 1; ; attempt++) {
      const reply = await this.deps.client.submitResult(fragment.assignment, result).catch(() => null);
      // The replica gate holds the reveal: the same result goes again later, while the lease lives.
      if (reply && !reply.ok && reply.code === nodeErrorCodes.REVEAL_TOO_EARLY && !fragment.abandoned) {
        attempt--;
        await sleep(reply.retryAfterMs ?? 1000);
        continue;
      }
      const retryable = !reply || (!reply.ok && reply.code === nodeErrorCodes.UNAVAILABLE);
      if (!retryable || attempt >= this.settings.resultAttempts || fragment.abandoned) return reply;
      await sleep(backoffDelay(attempt, this.settings.retry));
    }
  }

  private async release(assignment: Assignment, reason: ReleaseReason, error?: string): Promise<void> {
    const reply = await this.deps.client.release(assignment, reason, error).catch((err: Error) => err);
    if (reply instanceof Error || !reply.ok) {
      const why = reply instanceof Error ? reply.message : `${reply.code} ${reply.message}`;
      this.deps.logger.warn({ leaseId: assignment.leaseId, reason, err: why }, 'release not accepted; the lease will expire instead');
    }
    this.emit({ type: 'released', assignment, reason, accepted: !(reply instanceof Error) && reply.ok });
  }

  private sendHeartbeat(): void {
    const leaseIds = [...this.running.values()].filter((f) => !f.abandoned).map((f) => f.assignment.leaseId);
    try {
      this.deps.client.heartbeat({ leaseIds, freeMemoryBytes: this.freeMemory(), slots: this.slots.free });
    } catch (err) {
      this.deps.logger.warn({ err: (err as Error).message }, 'heartbeat not sent');
    }
  }

  private freeMemory(): number {
    return this.slots.freeMemoryBytes(this.deps.systemFreeMemory?.() ?? os.freemem());
  }

  private emit(event: FragmentEvent): void {
    this.totals = countEvent(this.totals, event);
    this.deps.progress.fragment(event, this.totals);
  }
}

