import { performance } from 'node:perf_hooks';
import type { TaskBlobReader } from '@corex/compute';
import { FragmentCompleted, FraudDetected, ResultViolation, VerificationEscalated, subjects, type FragmentCompletedData, type FragmentTask, type StoredEvent } from '@corex/events';
import { WrongExpectedVersionError, type EventStore } from '@corex/eventstore';
import { resultCommitment } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import {
  decideCopy,
  decideReplicaAgreement,
  decideVerdict,
  decideViolation,
  planVerification,
  structuralVerdict,
  verifiedEvent,
  type VerdictEvent,
} from '@corex/verification-domain';
import { compareWith, readOutputs } from './check-runner';
import { judgeResult, type JudgeContext } from './result-checks';
import { federatedStructureProblem, isFederatedKind } from './federated-structure';
import type { VerificationState } from './verification-state';

/** An escalated result not settled by a replica within this many REPLICA_WAIT_MS is rejected. */
export const ESCALATION_WAITS = 6;

export interface ResultJudgeOptions {
  state: VerificationState;
  store: EventStore;
  blobs: () => Promise<TaskBlobReader>;
  logger: Logger;
  replicaWaitMs: number;
  now?: () => Date;
  /** Told of the verdicts each append recorded (the outcome counter of /metrics). */
  onVerdicts?: (verdicts: readonly VerdictEvent[]) => void;
}

/**
 * Judges completed results and violations as the log delivers them, one at a time (a queue: a
 * recompute takes a while and the consumer must not wait for it), and appends the verdicts to
 * `verification.<original fragment id>`. Events of the log before start-up only rebuild state;
 * whatever they left unjudged is judged once caught up (`catchUp`).
 */
export class ResultJudge {
  private queue: Promise<void> = Promise.resolve();
  /** Results waiting for a replica, by lease id: since when. */
  private readonly awaiting = new Map<string, number>();
  /** Escalated results, by lease id: since when (a replica should come and settle them). */
  private readonly escalated = new Map<string, number>();
  /** Gradient norms by `<jobId>:<step>`. */
  private readonly norms = new Map<string, Map<string, number>>();
  private closed = false;

  constructor(private readonly o: ResultJudgeOptions) {}

  /** Reacts to a live event (after the state applied it). */
  onLive({ event }: StoredEvent): void {
    if (event.type === FragmentCompleted.type) this.enqueue(() => this.judge((event.data as FragmentCompletedData).leaseId, false));
    else if (event.type === ResultViolation.type) this.enqueue(() => this.violation((event.data as { leaseId: string }).leaseId));
    else if (event.type === FraudDetected.type) this.enqueue(() => this.recheck((event.data as { nodeId: string }).nodeId));
  }

  /** Judges what the log holds unjudged: completions and violations without a verdict. */
  catchUp(): void {
    for (const lease of this.o.state.violations.keys()) this.enqueue(() => this.violation(lease));
    for (const lease of this.o.state.completions.keys()) this.enqueue(() => this.judge(lease, false));
    for (const [lease, verdict] of this.o.state.verdicts) if (verdict.kind === 'escalated') this.escalated.set(lease, Date.now());
  }

  /** Judges the results whose replica did not come within the wait. */
  tick(): void {
    const now = Date.now();
    for (const [lease, since] of this.awaiting) {
      if (now - since >= this.o.replicaWaitMs) {
        this.awaiting.delete(lease);
        this.enqueue(() => this.judge(lease, true));
      }
    }
    for (const [lease, since] of this.escalated) {
      if (now - since >= ESCALATION_WAITS * this.o.replicaWaitMs) {
        this.escalated.delete(lease);
        this.enqueue(() => this.rejectUnsettled(lease));
      }
    }
  }

  /** Resolves once the queued work is done; nothing new is started. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
  }

  private enqueue(work: () => Promise<void>): void {
    if (this.closed) return;
    this.queue = this.queue.then(work).catch((err: unknown) => {
      this.o.logger.warn({ err }, 'verification failed; retrying');
      setTimeout(() => this.enqueue(work), 1_000).unref();
    });
  }

  private now(): string {
    return (this.o.now?.() ?? new Date()).toISOString();
  }

  private async violation(leaseId: string): Promise<void> {
    const { state } = this.o;
    const v = state.violations.get(leaseId)!;
    const original = state.work.get(v.fragmentId)?.originalId ?? v.fragmentId;
    const event = decideViolation(v, state.groupOf(original), this.now());
    if (!state.frauds.has(event.id)) await this.append(original, [event]);
  }

  private async judge(leaseId: string, replicaWaitOver: boolean): Promise<void> {
    const { state } = this.o;
    const c = state.completions.get(leaseId);
    const work = c && state.work.get(c.fragmentId);
    // A finished job needs no verdict (and history from before the verifier ran is not re-judged).
    if (!c || !work || state.verdicts.has(leaseId) || state.finishedJobs.has(c.jobId)) return;
    const group = state.groupOf(work.originalId).filter((r) => r.leaseId !== leaseId);
    const opens = !c.commitment || !c.salt || resultCommitment(c.resultHash, c.nodeId, c.leaseId, c.salt) === c.commitment;
    const copy = decideCopy(c, opens, group, { task: work.taskKey }, this.now());
    if (copy) return this.append(work.originalId, [copy]);
    if (isFederatedKind(work.task.kind)) return this.judgeStructure(c, work);
    const twin = group.find((r) => r.nodeId !== c.nodeId && r.resultHash === c.resultHash && state.verdicts.get(r.leaseId)?.kind === 'verified');
    if (twin) {
      const check = { check: 'replica', outcome: 'pass' as const, detail: `same result hash as verified lease ${twin.leaseId}` };
      return this.append(work.originalId, [verifiedEvent(c, 'replica', false, [check], { flops: 0, ms: 0 }, this.now())]);
    }
    const partner = this.partnerOf(c, group);
    if (partner) return this.judgePair(work.originalId, partner, c);
    const earlier = state.accepted.get(c.resultHash);
    const replayOf = earlier && earlier.taskKey !== work.taskKey ? { leaseId: earlier.leaseId, fragmentId: earlier.fragmentId } : undefined;
    const replicaPending = !replicaWaitOver && work.fragmentId === work.originalId && state.replicasOf(work.originalId).some((r) => !group.some((g) => g.fragmentId === r.fragmentId));
    const plan = planVerification({
      leaseId,
      taskKind: work.task.kind,
      policy: state.policies.get(work.jobId),
      trust: state.trustOf(c.nodeId),
      replicaPending,
      forceRecompute: !!replayOf || work.fragmentId !== work.originalId,
    });
    if (plan.kind === 'await-replica') return void this.awaiting.set(leaseId, Date.now());
    await this.judgeAlone(c, plan, replayOf);
  }

  /** A federated phase: masked or sealed by design, so only its form is judged (no recompute, no replica). */
  private async judgeStructure(c: FragmentCompletedData, work: { originalId: string; task: FragmentTask }): Promise<void> {
    const started = performance.now();
    const blobs = await this.o.blobs();
    const [result, descriptor] = await Promise.all([blobs.get(c.resultHash), blobs.get(work.task.inputHash)]);
    if (!result || !descriptor) throw new Error(`blob ${result ? work.task.inputHash : c.resultHash} of lease ${c.leaseId} is not readable yet`);
    const problem = federatedStructureProblem(result, work.task.kind, c.nodeId, descriptor);
    await this.append(work.originalId, [structuralVerdict(c, problem, { flops: 0, ms: Math.round(performance.now() - started) }, this.now())]);
  }

  /** The other side of a replica comparison: the original for a replica, a completed replica for an original, when not judged yet. */
  private partnerOf(c: FragmentCompletedData, group: FragmentCompletedData[]): FragmentCompletedData | undefined {
    const open = (r: FragmentCompletedData) => {
      const verdict = this.o.state.verdicts.get(r.leaseId);
      return r.nodeId !== c.nodeId && (!verdict || verdict.kind === 'escalated');
    };
    return [...group].reverse().find(open);
  }

  private async judgeAlone(c: FragmentCompletedData, plan: Parameters<typeof judgeResult>[1], replayOf?: JudgeContext['replayOf']): Promise<void> {
    const ctx = await this.context(c, replayOf);
    const { decision, gradientNorm } = await judgeResult(c, plan, ctx);
    if (gradientNorm !== undefined) this.normsOf(ctx.work).set(c.leaseId, gradientNorm);
    if (decision.kind === 'event') await this.append(ctx.work.originalId, [decision.event]);
  }

  /** An original and a replica: agreement verifies both; otherwise the verifier recomputes and judges each. */
  private async judgePair(originalId: string, a: FragmentCompletedData, b: FragmentCompletedData): Promise<void> {
    this.awaiting.delete(a.leaseId);
    const ctx = await this.context(a);
    const started = performance.now();
    let comparison = null;
    if (a.resultHash !== b.resultHash) {
      const [outA, outB] = await Promise.all([readOutputs(ctx.blobs, a.resultHash), readOutputs(ctx.blobs, b.resultHash)]);
      if (outA && outB) comparison = compareWith('replica', ctx.work.task, outA, outB);
    }
    const cost = { flops: 0, ms: Math.round(performance.now() - started) };
    const agreed = decideReplicaAgreement(a, b, comparison, cost, this.now());
    if (agreed) return this.append(originalId, agreed);
    for (const r of [a, b]) {
      const own = await this.context(r);
      const { decision } = await judgeResult(r, { kind: 'check', method: 'recompute', sampled: false, gradientChecks: false }, own);
      if (decision.kind === 'event') await this.append(originalId, [decision.event]);
    }
  }

  /** An escalated result no replica settled in time: rejected (the fragment is redone), never fraud. */
  private async rejectUnsettled(leaseId: string): Promise<void> {
    const { state } = this.o;
    const c = state.completions.get(leaseId);
    const work = c && state.work.get(c.fragmentId);
    if (!c || !work || state.verdicts.get(leaseId)?.kind !== 'escalated') return;
    const decision = decideVerdict({
      result: c,
      taskKind: work.task.kind,
      method: 'replica',
      sampled: false,
      checks: [],
      escalations: Math.max(1, state.escalations.get(work.originalId)?.size ?? 1),
      cost: { flops: 0, ms: 0 },
      hashes: {},
      infraError: 'no replica settled the escalation in time',
      now: this.now(),
    });
    if (decision.kind === 'event') await this.append(work.originalId, [decision.event]);
  }

  /** After a fraud: the node's results accepted without recompute in running jobs are recomputed; failures are fraud too. */
  private async recheck(nodeId: string): Promise<void> {
    const { state } = this.o;
    for (const [lease, verdict] of state.verdicts) {
      const c = state.completions.get(lease);
      if (!c || c.nodeId !== nodeId || verdict.kind !== 'verified' || verdict.method === 'recompute' || state.finishedJobs.has(c.jobId)) continue;
      const ctx = await this.context(c);
      const { decision } = await judgeResult(c, { kind: 'check', method: 'recompute', sampled: false, gradientChecks: false }, { ...ctx, escalations: 1 });
      if (decision.kind === 'event' && decision.event.type === FraudDetected.type) await this.append(ctx.work.originalId, [decision.event]);
    }
  }

  private async context(c: FragmentCompletedData, replayOf?: JudgeContext['replayOf']): Promise<JudgeContext> {
    const work = this.o.state.work.get(c.fragmentId)!;
    const peers = [...this.normsOf(work).entries()].filter(([lease]) => lease !== c.leaseId).map(([, n]) => n);
    return {
      blobs: await this.o.blobs(),
      work,
      escalations: this.o.state.escalations.get(work.originalId)?.size ?? 0,
      peerNorms: peers,
      replayOf,
      now: () => this.now(),
    };
  }

  private normsOf(work: { jobId: string; step: number }): Map<string, number> {
    const key = `${work.jobId}:${work.step}`;
    let norms = this.norms.get(key);
    if (!norms) this.norms.set(key, (norms = new Map()));
    return norms;
  }

  /** Appends verdicts and applies them at once, so the next judgement sees them before the consumer does. */
  private async append(originalId: string, events: VerdictEvent[]): Promise<void> {
    const { state, store } = this.o;
    const subject = subjects.verification(originalId);
    const version = state.versions.get(originalId) ?? (await store.read(subject)).version;
    let appended;
    try {
      appended = await store.append(subject, events.map((e) => ({ id: e.id, type: e.type, data: e.data })), version);
    } catch (err) {
      // Another writer, or our view lagged: read the subject's version on the retry.
      if (err instanceof WrongExpectedVersionError) state.versions.delete(originalId);
      throw err;
    }
    for (const stored of appended.events) state.apply(stored);
    for (const e of events) if (e.type === VerificationEscalated.type) this.escalated.set((e.data as { leaseId: string }).leaseId, Date.now());
    this.o.logger.info({ fragmentId: originalId, verdicts: events.map((e) => e.id) }, 'verdict');
    this.o.onVerdicts?.(events);
  }
}
