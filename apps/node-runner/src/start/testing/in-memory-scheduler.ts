import type { Assignment, ResultReply, WorkReply } from '@corex/node-protocol';
import type { ExecutionResult } from '../../execute/execute-task';
import type { FragmentEvent, ProgressReporter } from '../progress/fragment-events';
import { SchedulerUnavailableError, type NodeState, type ReleaseReason, type WorkClient } from '../work-client';

export type Call =
  | { kind: 'work'; slots: number }
  | { kind: 'result'; leaseId: string; resultHash: string }
  | { kind: 'release'; leaseId: string; reason: ReleaseReason; error?: string }
  | { kind: 'heartbeat'; state: NodeState };

/**
 * A scheduler in memory for unit tests of the worker loop: hands out queued replies, records
 * every call, and lets a test await the call it expects instead of sleeping.
 */
export class InMemoryScheduler implements WorkClient {
  readonly calls: Call[] = [];
  private readonly workReplies: Array<WorkReply | 'unavailable'> = [];
  private readonly waiters: Array<{ match: (call: Call) => boolean; resolve: (call: Call) => void }> = [];
  resultReply: (assignment: Assignment) => ResultReply = () => ({ ok: true });

  queueWork(...replies: Array<WorkReply | 'unavailable'>): this {
    this.workReplies.push(...replies);
    return this;
  }

  /** Resolves with the first call (already made or future) that matches. */
  waitFor(match: (call: Call) => boolean): Promise<Call> {
    const made = this.calls.find(match);
    if (made) return Promise.resolve(made);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  heartbeat(state: NodeState): void {
    this.record({ kind: 'heartbeat', state: { ...state, leaseIds: [...state.leaseIds] } });
  }

  async requestWork(request: { slots: number }): Promise<WorkReply> {
    this.record({ kind: 'work', slots: request.slots });
    const reply = this.workReplies.shift() ?? { ok: true, assignments: [], retryAfterMs: 60_000 };
    if (reply === 'unavailable') throw new SchedulerUnavailableError('no responders');
    return reply;
  }

  async submitResult(assignment: Assignment, result: ExecutionResult): Promise<ResultReply> {
    this.record({ kind: 'result', leaseId: assignment.leaseId, resultHash: result.resultHash });
    return this.resultReply(assignment);
  }

  async release(assignment: Assignment, reason: ReleaseReason, error?: string): Promise<ResultReply> {
    this.record({ kind: 'release', leaseId: assignment.leaseId, reason, error });
    return { ok: true };
  }

  private record(call: Call): void {
    this.calls.push(call);
    for (const waiter of this.waiters.filter((w) => w.match(call))) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(call);
    }
  }
}

/** A progress reporter that keeps every event, and lets a test await the one it expects. */
export function recordingProgress() {
  const events: FragmentEvent[] = [];
  const messages: string[] = [];
  const waiters: Array<{ match: (event: FragmentEvent) => boolean; resolve: (event: FragmentEvent) => void }> = [];
  const reporter: ProgressReporter = {
    fragment: (event) => {
      events.push(event);
      for (const waiter of waiters.filter((w) => w.match(event))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    },
    node: (message) => messages.push(message),
    close: () => undefined,
  };
  const waitFor = (type: FragmentEvent['type'], leaseId: string): Promise<FragmentEvent> => {
    const match = (e: FragmentEvent) => e.type === type && e.assignment.leaseId === leaseId;
    const seen = events.find(match);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ match, resolve }));
  };
  return { ...reporter, events, messages, waitFor };
}

/** An assignment of a fake inference fragment. */
export function assignment(n: number): Assignment {
  const hash = (c: string) => c.repeat(64);
  return {
    fragmentId: `fragment-${n}`,
    jobId: 'job-1',
    leaseId: `lease-${n}`,
    leaseExpiresAt: new Date(Date.now() + 60_000).toISOString(),
    task: { kind: 'inference', graphHash: hash('a'), weightsHash: hash('b'), inputHash: hash('c'), auxHash: null, outputs: ['probabilities'], rows: 8 },
    sealing: { key: Buffer.alloc(32, n).toString('base64'), blobs: { [hash('a')]: hash('d'), [hash('b')]: hash('e'), [hash('c')]: hash('f') } },
  };
}

export function workWith(...assignments: Assignment[]): WorkReply {
  return { ok: true, assignments, retryAfterMs: 0 };
}
