import { openSession, buildTrainedModel, deserializeMlpWeights, type ComputeSession } from '@corex/compute';
import { JobFragmentsPlanned, JobStepCompleted, type JobResult, type NewEvent } from '@corex/events';
import { deterministicId, type Logger } from '@corex/platform';
import {
  aggregateRound,
  decodeFederatedResult,
  maskedVectors,
  SecaggError,
  sharesAddressedTo,
  type Member,
  type SetupOutput,
  type UnmaskOutput,
  type UpdateOutput,
} from '@corex/secure-aggregation';
import { completedParts, countedParts, type JobEntry } from '../runtime/job-book';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';
import { StepTimers } from '../coordination/step-timers';
import type { CompletedPart } from '../coordination/result-documents';
import { prepareFederatedJob, type FederatedJob } from './federated-job';
import { descriptorBase, phaseFragments, updateFields, vectorLength, type PhasePlan } from './federated-plan';
import { phaseOfStep, stepOfPhase } from './federated-steps';
import { applyRound } from './round-update';
import { recoverProgress, type Progress } from './progress-recovery';

/** What the job coordinator does for a federated job (its own appends, abandonment, end). */
export interface JobActions {
  record(entry: JobEntry, event: NewEvent): Promise<boolean>;
  abandon(entry: JobEntry, fragmentIds: readonly string[], reason: 'dropout'): Promise<boolean>;
  fail(entry: JobEntry, code: string, reason: string): Promise<void>;
  complete(entry: JobEntry, result: JobResult): Promise<void>;
  poke(jobId: string): void;
}

/**
 * Drives a federated job (dataset `federation:<name>`): setup, then per round an update and an
 * unmask phase, each a JobFragmentsPlanned step of fragments pinned to the members. A phase
 * closes when every member answered or at its deadline (roundDeadlineMs after planning), the
 * silent ones abandoned as dropouts; below the secure-aggregation threshold the job fails.
 */
export class FederatedCoordinator {
  private readonly jobs = new Map<string, Promise<FederatedJob>>();
  private readonly progress = new Map<string, Progress>();
  private readonly sessions = new Map<string, Promise<ComputeSession>>();
  private readonly deadlines: StepTimers;

  constructor(
    private readonly runtime: SchedulerRuntime,
    private readonly logger: Logger,
    private readonly now: () => Date,
    private readonly actions: JobActions,
  ) {
    this.deadlines = new StepTimers((jobId) => actions.poke(jobId));
  }

  stop(): void {
    this.deadlines.clearAll();
  }

  async advance(entry: JobEntry): Promise<void> {
    const job = await this.prepare(entry);
    if (entry.phase === 'submitted') return this.startJob(entry, job);
    if (entry.phase !== 'planned') return;
    const parts = await this.closedPhase(entry, job);
    if (!parts) return;
    const survivors = parts.map((p) => p.nodeId!).filter(Boolean);
    if (survivors.length < job.threshold) return this.quorumLost(entry, job, survivors.length);
    const phase = phaseOfStep(entry.step);
    const progress = this.progress.get(job.jobId) ?? (await this.recover(job, entry.step));
    if (phase.phase === 'setup') return this.afterSetup(entry, job, progress, parts, phase.round);
    if (phase.phase === 'update') return this.afterUpdate(entry, job, progress, parts, phase.round);
    return this.afterUnmask(entry, job, progress, parts, phase.round);
  }

  /** The phase's parts once every member answered, or at the deadline with the silent ones abandoned as dropouts; else null. */
  private async closedPhase(entry: JobEntry, job: FederatedJob): Promise<CompletedPart[] | null> {
    const done = completedParts(entry);
    if (done) return done;
    const nowMs = this.now().getTime();
    const deadline = (entry.plannedAtMs ?? nowMs) + job.params.roundDeadlineMs;
    if (nowMs < deadline) {
      this.deadlines.arm(job.jobId, entry.step, deadline, nowMs);
      return null;
    }
    const counted = new Set(countedParts(entry).map((p) => p.fragmentId));
    const silent = [...entry.stepFragments.keys()].filter((id) => !counted.has(id));
    if (!(await this.actions.abandon(entry, silent, 'dropout'))) return null;
    return countedParts(entry);
  }

  /** A scheduler that took over mid-job reads the round state back from the log. */
  private async recover(job: FederatedJob, step: number): Promise<Progress> {
    const progress = await recoverProgress(this.runtime.log, job, step);
    this.progress.set(job.jobId, progress);
    this.logger.info({ jobId: job.jobId, step, members: progress.roundMembers.length }, 'federated round state recovered from the log');
    return progress;
  }

  private async startJob(entry: JobEntry, job: FederatedJob): Promise<void> {
    this.progress.set(job.jobId, { active: job.members, setups: [], updates: [], roundMembers: job.members, weightsHash: job.initialWeightsHash, parentLoss: null, dropped: [] });
    await this.planSetup(entry, job, 1, job.members);
  }

  /** Every round starts with a setup among the members still in: fresh masking keys, so a later dropout reveals nothing of this round. */
  private async planSetup(entry: JobEntry, job: FederatedJob, round: number, members: Member[]): Promise<void> {
    const bare = members.map(({ nodeId, encryptionKey }) => ({ nodeId, encryptionKey }));
    await this.plan(entry, job, { phase: { phase: 'setup', round }, to: bare.map((m) => m.nodeId), descriptor: () => ({ ...descriptorBase(job, bare), phase: 'setup' }) });
  }

  private async afterSetup(entry: JobEntry, job: FederatedJob, progress: Progress, parts: CompletedPart[], round: number): Promise<void> {
    const setups = (await this.read(parts)).filter((r): r is SetupOutput => r.phase === 'setup');
    const keys = new Map(setups.map((s) => [s.nodeId, s.maskingKey]));
    const active = job.members.filter((m) => keys.has(m.nodeId)).map((m) => ({ ...m, maskingKey: keys.get(m.nodeId)! }));
    const dropped = [...new Set([...progress.dropped, ...job.members.filter((m) => !keys.has(m.nodeId)).map((m) => m.nodeId)])];
    this.progress.set(job.jobId, { ...progress, active, setups, roundMembers: active, dropped, updates: [] });
    await this.planUpdate(entry, job, round);
  }

  private async planUpdate(entry: JobEntry, job: FederatedJob, round: number): Promise<void> {
    const progress = this.progress.get(job.jobId)!;
    progress.roundMembers = progress.active;
    const members = progress.active;
    await this.plan(entry, job, {
      phase: { phase: 'update', round },
      to: members.map((m) => m.nodeId),
      weightsHash: progress.weightsHash,
      descriptor: () => ({ ...descriptorBase(job, members), phase: 'update', round, ...updateFields(job) }),
    });
  }

  private async afterUpdate(entry: JobEntry, job: FederatedJob, progress: Progress, parts: CompletedPart[], round: number): Promise<void> {
    progress.updates = (await this.read(parts)).filter((r): r is UpdateOutput => r.phase === 'update');
    const survivors = progress.updates.map((u) => u.nodeId).sort();
    const dropped = progress.roundMembers.map((m) => m.nodeId).filter((id) => !survivors.includes(id));
    const setups = progress.setups.filter((s) => progress.roundMembers.some((m) => m.nodeId === s.nodeId));
    await this.plan(entry, job, {
      phase: { phase: 'unmask', round },
      to: survivors,
      descriptor: (nodeId) => ({ ...descriptorBase(job, progress.roundMembers), phase: 'unmask', round, survivors, dropped, ...sharesAddressedTo(nodeId, setups, progress.updates) }),
    });
  }

  private async afterUnmask(entry: JobEntry, job: FederatedJob, progress: Progress, parts: CompletedPart[], round: number): Promise<void> {
    const unmasks = (await this.read(parts)).filter((r): r is UnmaskOutput => r.phase === 'unmask');
    const survivors = progress.updates.map((u) => u.nodeId).sort();
    const dropped = progress.roundMembers.map((m) => m.nodeId).filter((id) => !survivors.includes(id));
    let sum: { weightedSum: Float32Array; totalRows: number };
    try {
      const input = { jobId: job.jobId, round, members: progress.roundMembers, survivors, dropped, masked: maskedVectors(progress.updates), unmasks, threshold: job.threshold, length: vectorLength(job) };
      sum = aggregateRound(input);
    } catch (err) {
      if (!(err instanceof SecaggError)) throw err;
      if (err.code === 'SECAGG.QUORUM_LOST') return this.quorumLost(entry, job, unmasks.length);
      return this.finish(entry, () => this.actions.fail(entry, 'JOB.FEDERATION_AGGREGATION_FAILED', `round ${round} could not be unmasked: ${err.message}`));
    }
    const blobs = await this.runtime.log.blobs();
    const global = (await blobs.get(progress.weightsHash))!;
    const update = await applyRound(global, sum, { clipNorm: job.params.clipNorm, members: survivors.length, parentLoss: progress.parentLoss, validation: job.validation, forward: await this.session(job) });
    const weightsHash = await blobs.put(update.weightsBytes);
    const answered = new Set(unmasks.map((u) => u.nodeId));
    const roundDropped = [...dropped, ...survivors.filter((id) => !answered.has(id))];
    const participants = progress.updates.map((u) => ({ fragmentId: `${job.jobId}-s${stepOfPhase({ phase: 'update', round })}-f${job.members.findIndex((m) => m.nodeId === u.nodeId)}`, nodeId: u.nodeId, rows: job.rows.get(u.nodeId)! }));
    const data = {
      jobId: job.jobId,
      step: round,
      loss: update.validationLoss,
      accuracy: update.accuracy,
      weightsHash,
      parentWeightsHash: progress.weightsHash,
      participants,
      accepted: update.accepted,
      validationLoss: update.validationLoss,
      federated: { round, members: progress.roundMembers.length, dropped: roundDropped },
      completedAt: this.now().toISOString(),
    };
    if (!(await this.actions.record(entry, { type: JobStepCompleted.type, id: deterministicId('step', job.jobId, String(round)), data }))) return;
    this.logger.info({ jobId: job.jobId, round, accepted: update.accepted, validationLoss: update.validationLoss, accuracy: update.accuracy, norm: update.norm, dropped: roundDropped.length }, 'federated round aggregated');
    Object.assign(progress, { weightsHash, parentLoss: update.accepted ? update.validationLoss : progress.parentLoss, active: progress.roundMembers.filter((m) => !roundDropped.includes(m.nodeId)) });
    if (round < job.params.rounds) {
      if (progress.active.length < job.threshold) return this.quorumLost(entry, job, progress.active.length);
      return this.planSetup(entry, job, round + 1, progress.active);
    }
    await this.completeJob(entry, job, update.weightsBytes, weightsHash, update);
  }

  private async completeJob(entry: JobEntry, job: FederatedJob, weightsBytes: Uint8Array, weightsHash: string, update: { validationLoss: number; accuracy: number }): Promise<void> {
    const blobs = await this.runtime.log.blobs();
    const weights = deserializeMlpWeights(weightsBytes);
    const model = buildTrainedModel(weights, { featureNames: job.featureNames, classNames: job.classNames, standardization: job.standardization, source: `corex federated training job ${job.jobId}` });
    const modelHash = await blobs.put(model);
    const document = {
      kind: 'model', weightsHash, accuracy: update.accuracy, loss: update.validationLoss, steps: job.params.rounds, architecture: job.shape, modelHash,
      objective: 'classification', featureNames: job.featureNames, classNames: job.classNames, input: 'x', output: 'probabilities', federation: job.federation,
    };
    const resultHash = await blobs.put(new TextEncoder().encode(JSON.stringify(document)));
    await this.finish(entry, () => this.actions.complete(entry, { kind: 'model', resultHash, rows: job.totalRows, weightsHash, accuracy: update.accuracy, loss: update.validationLoss, modelHash }));
  }

  private quorumLost(entry: JobEntry, job: FederatedJob, left: number): Promise<void> {
    const reason = `${left} member(s) left in step ${entry.step}, the secure-aggregation threshold is ${job.threshold}`;
    return this.finish(entry, () => this.actions.fail(entry, 'JOB.FEDERATION_QUORUM_LOST', reason));
  }

  private async plan(entry: JobEntry, job: FederatedJob, plan: PhasePlan): Promise<void> {
    this.deadlines.clear(job.jobId);
    const fragments = await phaseFragments(await this.runtime.log.blobs(), job, plan);
    const step = stepOfPhase(plan.phase);
    const data = { jobId: job.jobId, step, totalSteps: job.totalSteps, totalRows: job.totalRows, fragments, plannedAt: this.now().toISOString() };
    if (await this.actions.record(entry, { type: JobFragmentsPlanned.type, id: deterministicId('planned', job.jobId, String(step)), data })) {
      this.runtime.applyPlanned(data);
      this.logger.info({ jobId: job.jobId, step, phase: plan.phase, members: fragments.length }, 'federated phase planned');
    }
  }

  private async read(parts: CompletedPart[]) {
    const reader = this.runtime.recentResults.readerOver(await this.runtime.log.blobs());
    return Promise.all(parts.map(async (p) => decodeFederatedResult((await reader.get(p.resultHash))!)));
  }

  private async finish(entry: JobEntry, end: () => Promise<void>): Promise<void> {
    await end();
    this.forget(entry.job.jobId);
  }

  /** The job ended (or was cancelled): drop what is held for it. */
  forget(jobId: string): void {
    this.jobs.delete(jobId);
    this.progress.delete(jobId);
    this.sessions.delete(jobId);
    this.deadlines.clear(jobId);
  }

  private prepare(entry: JobEntry): Promise<FederatedJob> {
    let job = this.jobs.get(entry.job.jobId);
    if (!job) {
      job = prepareFederatedJob(this.runtime.log, entry.job);
      job.catch(() => this.jobs.delete(entry.job.jobId));
      this.jobs.set(entry.job.jobId, job);
    }
    return job;
  }

  private async session(job: FederatedJob): Promise<ComputeSession> {
    let session = this.sessions.get(job.jobId);
    if (!session) {
      session = openSession(job.forwardGraph);
      this.sessions.set(job.jobId, session);
    }
    return session;
  }
}
