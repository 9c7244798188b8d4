import { openSession, buildMlpForward, type ComputeSession } from '@corex/compute';
import {
  JobCancelled,
  JobCompleted,
  JobFailed,
  JobFragmentsAbandoned,
  JobFragmentsPlanned,
  JobStepCompleted,
  subjects,
  type FragmentFailure,
  type JobResult,
  type NewEvent,
} from '@corex/events';
import { WrongExpectedVersionError } from '@corex/eventstore';
import { CorexError, deterministicId, LruCache, type Logger } from '@corex/platform';
import { clip } from '@corex/scheduler-domain';
import { prepareJob, type PreparedJob } from '../planning/job-planner';
import { expectedOutputs, type OutputSpec } from '../work/result-validation';
import type { FragmentTask } from '@corex/events';
import { stepDeadline } from '@corex/training-domain';
import { completedParts, countedParts, type JobEntry } from '../runtime/job-book';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';
import { embeddingsDocument, encodeDocument, predictionsDocument, type CompletedPart } from './result-documents';
import { preprocessingDocument } from './output-dataset';
import { completeTrainingStep } from './training-step';
import { completeTrainableStep } from './trainable-step';
import { modelDescription, trainedModelBytes } from './trained-model';
import { ConcurrencyLimit } from './concurrency-limit';
import { fragmentFailure } from './fragment-failure';
import { endAbandonedLeases } from './abandoned-leases';
import { inRowOrder, stepProvenance } from './step-record';
import { decodeAdamState, encodeAdamState } from './step-update';
import { StepTimers } from './step-timers';
import { FederatedCoordinator } from '../federated/federated-coordinator';
import { isFederatedJob } from '../federated/federated-job';
import { isFederatedTask } from '../federated/federated-result';

const TERMINAL = new Set<string>([JobCompleted.type, JobFailed.type, JobCancelled.type]);

/** Held-out evaluation sessions kept open (one per network shape or trainable graph). */
const EVALUATION_SESSIONS = 16;

/**
 * Jobs whose step is being planned (shards stored as blobs) at once. Jobs submitted together
 * then go out to the nodes one after another, instead of all at the end of planning them all.
 */
const PLANNING_AT_ONCE = 2;

/** Failures to advance a job (NATS, blob store, a bug) after which it fails with JOB.ADVANCE_FAILED instead of retrying forever. */
export const MAX_ADVANCE_FAILURES = 6;

export interface CoordinatorOptions {
  /** Prepared jobs (dataset, held-out split, blob hashes) kept in memory, least recently used dropped first. */
  preparedJobs?: number;
  maxAdvanceFailures?: number;
}

/**
 * Moves jobs forward: plans a submitted job, and when every fragment of a step has its result,
 * aggregates it (training) or assembles the output, then records the next step or completion.
 * One job is advanced by one task at a time.
 */
export class JobCoordinator {
  private readonly prepared: LruCache<string, Promise<PreparedJob>>;
  private readonly maxFailures: number;
  private stopped = false;
  // Dataset-sized networks make many shapes: keep a bounded number of sessions. An evicted one is
  // not released here, since another job's step may still be running it; it is freed once unreferenced.
  private readonly forwardSessions = new LruCache<string, Promise<ComputeSession>>(EVALUATION_SESSIONS);
  private readonly planning = new ConcurrencyLimit(PLANNING_AT_ONCE);
  /** Training steps' deadlines (stepDeadlineMs after planning): a timer pokes the job then. */
  private readonly deadlines = new StepTimers((jobId) => this.poke(jobId));
  /** Federated jobs (dataset `federation:<name>`) are driven there (apps/scheduler/src/federated). */
  private readonly federated: FederatedCoordinator;

  constructor(
    private readonly runtime: SchedulerRuntime,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    options: CoordinatorOptions = {},
  ) {
    this.prepared = new LruCache(options.preparedJobs ?? 32);
    this.maxFailures = options.maxAdvanceFailures ?? MAX_ADVANCE_FAILURES;
    const actions = { record: this.record.bind(this), abandon: this.abandon.bind(this), fail: this.fail.bind(this), complete: this.complete.bind(this), poke: this.poke.bind(this) };
    this.federated = new FederatedCoordinator(runtime, logger, now, actions);
  }

  /** Stops advancing jobs (the scheduler lost its leader lease or is closing). */
  stop(): void {
    this.stopped = true;
    this.deadlines.clearAll();
    this.federated.stop();
  }

  /** Prepared jobs held in memory now. */
  get preparedCount(): number {
    return this.prepared.size;
  }

  /** The dtype and dims every output of a task of this job must have (for validating results). */
  async expectedOutputs(jobId: string, task: FragmentTask): Promise<OutputSpec[]> {
    const entry = this.runtime.jobs.get(jobId);
    if (!entry || isFederatedTask(task)) return [];
    const prepared = await this.prepare(entry);
    return expectedOutputs(task, prepared.outputs);
  }

  /** Called whenever something about the job changed; cheap when there is nothing to do. */
  poke(jobId: string): void {
    const entry = this.runtime.jobs.get(jobId);
    if (this.stopped || !entry || entry.phase === 'finished') return;
    // A change while the job is being advanced must not be lost: advance once more afterwards.
    entry.dirty = true;
    if (entry.busy) return;
    entry.busy = true;
    void this.drain(entry);
  }

  private async drain(entry: JobEntry): Promise<void> {
    try {
      while (entry.dirty && entry.phase !== 'finished' && !this.stopped) {
        entry.dirty = false;
        await this.advance(entry).then(
          () => (entry.failures = 0),
          (err) => this.retryLater(entry, err),
        );
      }
    } finally {
      // Cleared in the same turn as the last check of `dirty`: cleared in a `.finally` callback, one
      // microtask later, a poke in between found the job busy and was lost (a job stalled for good).
      entry.busy = false;
    }
  }

  /**
   * A failure that is not the job's fault (NATS, blob store): try again later rather than leave
   * the job stuck, a bounded number of times; then the job fails with JOB.ADVANCE_FAILED.
   */
  private retryLater(entry: JobEntry, err: unknown): void {
    entry.failures = (entry.failures ?? 0) + 1;
    const delayMs = Math.min(30_000, 250 * 2 ** Math.min(entry.failures, 7));
    if (entry.failures >= this.maxFailures) {
      this.logger.error({ err, jobId: entry.job.jobId, failures: entry.failures }, 'job could not be advanced; giving it up');
      const reason = `the job could not be advanced after ${entry.failures} attempts: ${(err as Error)?.message ?? err}`;
      // Recording the failure may fail for the same reason: keep trying, never leave the job running.
      void this.fail(entry, 'JOB.ADVANCE_FAILED', reason).catch((e) => {
        this.logger.error({ err: e, jobId: entry.job.jobId, retryInMs: delayMs }, 'job failure not recorded; retrying');
        setTimeout(() => !this.stopped && this.retryLater(entry, e), delayMs).unref();
      });
      return;
    }
    this.logger.error({ err, jobId: entry.job.jobId, retryInMs: delayMs }, 'job could not be advanced; retrying');
    setTimeout(() => this.poke(entry.job.jobId), delayMs).unref();
  }

  /** After the replay: jobs left unplanned or with a finished step are picked up. */
  resumeAll(): void {
    for (const jobId of this.runtime.jobs.keys()) this.poke(jobId);
  }

  private async advance(entry: JobEntry): Promise<void> {
    try {
      if (entry.exhaustedFragment) return await this.failExhausted(entry, entry.exhaustedFragment);
      if (isFederatedJob(entry.job)) return await this.federated.advance(entry);
      if (entry.phase === 'submitted') return await this.planStep(entry, 0, null);
      if (entry.phase !== 'planned') return;
      const parts = completedParts(entry);
      if (parts) return await this.finishStep(entry, parts);
      if (entry.job.type === 'training') await this.checkDeadline(entry);
    } catch (err) {
      if (!(err instanceof CorexError) || err instanceof WrongExpectedVersionError || err.status === 412) throw err;
      await this.fail(entry, err.code, err.message);
    }
  }

  /** A fragment failed too often: the job fails naming it, its nodes, its attempts and each error (read from the fragment's events and verdicts). */
  private async failExhausted(entry: JobEntry, fragmentId: string): Promise<void> {
    const store = this.runtime.log.store;
    const [own, verdicts] = await Promise.all([store.read(subjects.fragment(fragmentId)), store.read(subjects.verification(fragmentId))]);
    const events = [...own.events, ...verdicts.events].sort((a, b) => a.seq - b.seq);
    const { fragment, reason } = fragmentFailure(fragmentId, events.map((e) => e.event));
    await this.fail(entry, 'JOB.FRAGMENT_EXHAUSTED', reason, fragment);
  }

  private async fail(entry: JobEntry, code: string, reason: string, fragment?: FragmentFailure): Promise<void> {
    const data = { jobId: entry.job.jobId, code, reason: clip(reason, 500), ...(fragment ? { fragment } : {}), failedAt: this.now().toISOString() };
    await this.record(entry, { type: JobFailed.type, id: deterministicId('failed', entry.job.jobId), data });
    this.finishJob(entry.job.jobId);
  }

  /** The job is over: forget it here and in the runtime (bounded memory). */
  private finishJob(jobId: string): void {
    this.runtime.finish(jobId);
    this.prepared.delete(jobId);
    this.deadlines.clear(jobId);
  }

  /**
   * Gives up fragments of the job's current step: records JobFragmentsAbandoned (each with the
   * node holding it, if leased), takes them out of the queue and the step (its completion counts
   * only the rest; their late results are refused as LEASE.STALE) and records their open leases
   * ended 'cancelled'. Call it from the job's own advance (as the step deadline does): the job is
   * advanced by one task at a time. Fragments not in the current step are passed over; false when
   * the job ended meanwhile.
   */
  async abandon(entry: JobEntry, fragmentIds: readonly string[], reason: 'deadline' | 'dropout'): Promise<boolean> {
    const ids = [...new Set(fragmentIds)].filter((id) => entry.stepFragments.has(id)).sort();
    if (ids.length === 0) return true;
    const jobId = entry.job.jobId;
    const fragments = ids.map((fragmentId) => ({ fragmentId, nodeId: this.runtime.state.fragment(fragmentId)?.lease?.nodeId ?? entry.stepFragments.get(fragmentId)?.unverified?.nodeId ?? null }));
    const data = { jobId, step: entry.step, fragments, reason, abandonedAt: this.now().toISOString() };
    if (!(await this.record(entry, { type: JobFragmentsAbandoned.type, id: deterministicId('abandoned', jobId, String(entry.step), reason, ...ids), data }))) return false;
    const revoked = this.runtime.applyAbandoned(data);
    this.logger.info({ jobId, step: entry.step, reason, fragments: ids.length }, 'step fragments abandoned');
    await endAbandonedLeases(this.runtime, revoked, this.now(), this.logger);
    return true;
  }

  /**
   * A training step not yet all in: at its deadline (stepDeadlineMs after JobFragmentsPlanned's
   * plannedAt, so a restarted scheduler keeps it) it closes with the fragments that count if they
   * reach minParticipation, the rest abandoned as stragglers; below that quorum it keeps waiting.
   */
  private async checkDeadline(entry: JobEntry): Promise<void> {
    const { training } = await this.prepare(entry);
    if (!training || entry.plannedAtMs === undefined) return;
    const counted = countedParts(entry);
    const nowMs = this.now().getTime();
    const planned = entry.stepFragments.size + (entry.abandoned?.size ?? 0);
    const decision = stepDeadline({ planned, counted: counted.length, plannedAtMs: entry.plannedAtMs, nowMs, deadlineMs: training.stepDeadlineMs, minParticipation: training.minParticipation });
    if (decision === 'wait') return this.deadlines.arm(entry.job.jobId, entry.step, entry.plannedAtMs + training.stepDeadlineMs, nowMs);
    if (decision !== 'close-at-deadline') return;
    const countedIds = new Set(counted.map((p) => p.fragmentId));
    const stragglers = [...entry.stepFragments.keys()].filter((id) => !countedIds.has(id));
    if (!(await this.abandon(entry, stragglers, 'deadline'))) return;
    const parts = completedParts(entry);
    if (parts) await this.finishStep(entry, parts);
  }

  private async planStep(entry: JobEntry, step: number, weightsHash: string | null): Promise<void> {
    this.deadlines.clear(entry.job.jobId);
    const { prepared, fragments } = await this.planning.run(async () => {
      const prepared = await this.prepare(entry);
      return { prepared, fragments: await prepared.planStep(step, weightsHash ?? prepared.initialWeightsHash) };
    });
    const data = { jobId: entry.job.jobId, step, totalSteps: prepared.totalSteps, totalRows: prepared.totalRows, fragments, plannedAt: this.now().toISOString() };
    if (await this.record(entry, { type: JobFragmentsPlanned.type, id: deterministicId('planned', entry.job.jobId, String(step)), data })) {
      this.runtime.applyPlanned(data);
      this.logger.info({ jobId: data.jobId, step, fragments: fragments.length }, 'job step planned');
    }
  }

  private async finishStep(entry: JobEntry, parts: CompletedPart[]): Promise<void> {
    const prepared = await this.prepare(entry);
    const blobs = await this.runtime.log.blobs();
    const results = this.runtime.recentResults.readerOver(blobs);
    if (entry.job.type === 'training') return this.finishTrainingStep(entry, prepared, parts);
    // A statistics step (standardize, min-max): its merged statistics feed the apply step.
    if (prepared.statisticsFor && entry.step + 1 < prepared.totalSteps) return this.planStep(entry, entry.step + 1, await prepared.statisticsFor(results, parts));
    const document =
      entry.job.type === 'feature-extraction'
        ? await embeddingsDocument(results, parts)
        : entry.job.type === 'preprocessing'
          ? await preprocessingDocument(this.runtime.log, entry.job, prepared, results, parts, this.now())
          : await predictionsDocument(results, parts, [...entry.stepFragments.values()][0]!.task.outputs[0]!, prepared.classNames);
    const resultHash = await blobs.put(encodeDocument(document));
    const kind = ({ inference: 'predictions', 'feature-extraction': 'embeddings', preprocessing: 'preprocessed-data' } as const)[entry.job.type];
    await this.complete(entry, { kind, resultHash, rows: prepared.totalRows });
  }

  private async finishTrainingStep(entry: JobEntry, prepared: PreparedJob, counted: CompletedPart[]): Promise<void> {
    const blobs = await this.runtime.log.blobs();
    const jobId = entry.job.jobId;
    const weights = await blobs.get(entry.weightsHash!);
    if (!weights) throw new Error(`weights ${entry.weightsHash} of job ${jobId} are missing`);
    const reader = this.runtime.recentResults.readerOver(blobs);
    const { trainable } = prepared;
    const config = prepared.training!;
    const adam = config.optimizer === 'adam' ? await this.adamState(entry) : null;
    const parts = inRowOrder(counted);
    const outcome = trainable
      ? await completeTrainableStep(reader, parts, weights, config, adam, trainable, prepared.heldOut!, await this.session(`graph:${trainable.gradientHash}`, async () => (await blobs.get(trainable.gradientHash))!))
      : await completeTrainingStep(reader, parts, weights, config, adam, prepared.heldOut!, await this.forwardSession(prepared));
    const weightsHash = await blobs.put(outcome.weightsBytes);
    const optimizerStateHash = outcome.adam ? await blobs.put(encodeAdamState(outcome.adam)) : undefined;
    const step = entry.step;
    const provenance = stepProvenance(entry, parts, outcome, config, optimizerStateHash);
    const data = { jobId, step, loss: outcome.loss, ...outcome.metrics, weightsHash, ...provenance, completedAt: this.now().toISOString() };
    if (!(await this.record(entry, { type: JobStepCompleted.type, id: deterministicId('step', jobId, String(step)), data }))) return;
    entry.weightsHash = weightsHash;
    entry.optimizerStateHash = optimizerStateHash;
    this.logger.info({ jobId, step, loss: outcome.loss, ...outcome.metrics, rejected: provenance.rejected?.length, stragglers: provenance.stragglers?.length }, 'training step aggregated');
    if (step + 1 < prepared.totalSteps) return this.planStep(entry, step + 1, weightsHash);
    const modelHash = await blobs.put(await trainedModelBytes(jobId, prepared, outcome.weightsBytes, (hash) => blobs.get(hash)));
    const model = { kind: 'model', weightsHash, ...outcome.metrics, loss: outcome.loss, steps: step + 1, architecture: prepared.shape, modelHash, ...modelDescription(prepared) };
    const resultHash = await blobs.put(encodeDocument(model));
    await this.complete(entry, { kind: 'model', resultHash, rows: prepared.totalRows, weightsHash, ...outcome.metrics, loss: outcome.loss, modelHash });
  }

  /** Adam's moments the previous step left (fresh before the first step). */
  private async adamState(entry: JobEntry) {
    if (!entry.optimizerStateHash) return null;
    const bytes = await (await this.runtime.log.blobs()).get(entry.optimizerStateHash);
    if (!bytes) throw new Error(`optimizer state ${entry.optimizerStateHash} of job ${entry.job.jobId} is missing`);
    return decodeAdamState(bytes);
  }

  private async complete(entry: JobEntry, result: JobResult): Promise<void> {
    const jobId = entry.job.jobId;
    const data = { jobId, result, completedAt: this.now().toISOString() };
    if (await this.record(entry, { type: JobCompleted.type, id: deterministicId('completed', jobId), data })) {
      this.finishJob(jobId);
      this.logger.info({ jobId, kind: result.kind, accuracy: result.accuracy }, 'job completed');
    }
  }

  /** Appends to the job; false when the job ended meanwhile (e.g. cancelled by its owner). */
  private async record(entry: JobEntry, event: NewEvent): Promise<boolean> {
    const subject = subjects.job(entry.job.jobId);
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        // A duplicate is the same decision already recorded (job event ids are deterministic): the feed brings it.
        const { version, duplicate } = await this.runtime.append(subject, [event], entry.version);
        if (!duplicate) entry.version = version;
        return true;
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError)) throw err;
        const { version, events } = await this.runtime.log.store.read(subject);
        entry.version = version;
        if (events.some((e) => e.event.id === event.id)) return true;
        if (events.some((e) => TERMINAL.has(e.event.type))) return false;
      }
    }
    throw new Error(`job ${entry.job.jobId} kept moving while recording ${event.type}`);
  }

  private prepare(entry: JobEntry): Promise<PreparedJob> {
    let prepared = this.prepared.get(entry.job.jobId);
    if (!prepared) {
      prepared = prepareJob(this.runtime.log, entry.job);
      prepared.catch(() => this.prepared.delete(entry.job.jobId));
      this.prepared.set(entry.job.jobId, prepared);
    }
    return prepared;
  }

  private forwardSession(prepared: PreparedJob): Promise<ComputeSession> {
    return this.session(JSON.stringify(prepared.shape), async () => buildMlpForward(prepared.shape!));
  }

  /** A held-out evaluation session, per network shape or trainable graph; the least recently used are dropped. */
  private session(key: string, graph: () => Promise<Uint8Array>): Promise<ComputeSession> {
    let session = this.forwardSessions.get(key);
    if (!session) {
      session = graph().then(openSession);
      session.catch(() => this.forwardSessions.delete(key));
      this.forwardSessions.set(key, session);
    }
    return session;
  }
}
