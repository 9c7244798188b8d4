import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Assignment } from '@corex/node-protocol';
import type { BehaviourContext, Behaviour } from './behaviours';
import { solveChallenge } from './challenge-solver';

/** How the node computes a challenge's column sums. */
export type ChallengeSolver = (seedHex: string, size: number) => Promise<Float32Array> | Float32Array;

const MEMORY_OFFERED = 4 * 2 ** 30;

/**
 * The adversary's work loop, one fragment at a time: heartbeats every `heartbeatMs` naming the
 * lease it holds, asks for work, answers a benchmark challenge when the work reply names one
 * (honestly: the lie of a fake benchmark is its claim), and hands each assignment to its behaviour.
 */
export class AdversaryNode {
  private readonly held = new Set<string>();
  private readonly stopping = new AbortController();
  private beats?: NodeJS.Timeout;
  private answered = new Set<string>();
  /** The code of the last refusal, printed once per run of the same refusal. */
  private lastRefusal?: string;

  constructor(
    private readonly ctx: BehaviourContext,
    private readonly behaviour: Behaviour,
    private readonly heartbeatMs = 2_000,
    private readonly solve: ChallengeSolver = solveChallenge,
  ) {}

  async run(): Promise<void> {
    this.beat();
    this.beats = setInterval(() => this.beat(), this.heartbeatMs);
    try {
      while (!this.stopping.signal.aborted) {
        const delayMs = await this.step().catch((err: Error) => {
          this.ctx.report('error', { message: err.message });
          return 1_000;
        });
        if (delayMs > 0) await sleep(delayMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    } finally {
      clearInterval(this.beats);
    }
  }

  stop(): void {
    this.stopping.abort();
  }

  /** One work request and what follows it; returns how long to wait before the next. */
  private async step(): Promise<number> {
    const reply = await this.ctx.wire.requestWork(1, MEMORY_OFFERED);
    if (!reply.ok) {
      if (reply.code !== this.lastRefusal) this.ctx.report('refused', { code: reply.code, message: reply.message });
      this.lastRefusal = reply.code;
      return Math.max(reply.retryAfterMs ?? 5_000, 1_000);
    }
    this.lastRefusal = undefined;
    const challenge = reply.challenge as { challengeId: string } | undefined;
    if (challenge && !this.answered.has(challenge.challengeId)) {
      await this.answerChallenge(challenge.challengeId);
      return 0;
    }
    const assignments = (reply.assignments ?? []) as Assignment[];
    for (const assignment of assignments) await this.handle(assignment);
    return assignments.length > 0 ? 0 : Math.min(Math.max(reply.retryAfterMs ?? 500, 100), 1_000);
  }

  private async handle(assignment: Assignment): Promise<void> {
    this.held.add(assignment.leaseId);
    this.beat();
    try {
      await this.behaviour(assignment, this.ctx);
    } catch (err) {
      this.ctx.report('error', { fragmentId: assignment.fragmentId, leaseId: assignment.leaseId, message: (err as Error).message });
      await this.ctx.wire.release(assignment.fragmentId, assignment.leaseId, 'error', `RUNNER.ADVERSARY_FAILED: ${(err as Error).message}`.slice(0, 500)).catch(() => undefined);
    } finally {
      this.held.delete(assignment.leaseId);
    }
  }

  private async answerChallenge(challengeId: string): Promise<void> {
    const start = await this.ctx.wire.challengeStart(challengeId);
    if (!start.ok) {
      this.ctx.report('challenge-refused', { challengeId, code: start.code, message: start.message });
      this.answered.add(challengeId);
      return;
    }
    const started = performance.now();
    const sums = await this.solve(start.seed as string, start.size as number);
    const judged = await this.ctx.wire.challengeAnswer(challengeId, sums);
    this.answered.add(challengeId);
    this.ctx.report('challenge-answered', { challengeId, size: start.size, computeMs: Math.round(performance.now() - started), reply: judged });
  }

  private beat(): void {
    try {
      this.ctx.wire.heartbeat([...this.held], this.held.size > 0 ? 0 : 1, Math.min(MEMORY_OFFERED, os.freemem()));
    } catch (err) {
      this.ctx.report('error', { message: `heartbeat: ${(err as Error).message}` });
    }
  }
}
