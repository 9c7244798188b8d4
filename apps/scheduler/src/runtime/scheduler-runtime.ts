import {
  FragmentCompleted,
  JobCancelled,
  JobCompleted,
  JobFailed,
  JobFragmentsAbandoned,
  JobFragmentsPlanned,
  JobStepCompleted,
  JobSubmitted,
  ReplicaPlanned,
  VerificationEscalated,
  type VerificationEscalatedData,
  type FragmentCompletedData,
  type ReplicaPlannedData,
  type FragmentTask,
  type JobCancelledData,
  type JobCompletedData,
  type JobFailedData,
  type JobFragmentsAbandonedData,
  type JobFragmentsPlannedData,
  type JobStepCompletedData,
  type JobSubmittedData,
  type NewEvent,
  type StoredEvent,
  subjects,
} from '@corex/events';
import { WrongExpectedVersionError, type EventLog } from '@corex/eventstore';
import { causedBy, ConcurrencyError, PositionWaiters, withCorrelation } from '@corex/platform';
import { decideJobEnd, evolveScheduler, SchedulerState, type FragmentPlan, type Lease, type LeaseEndedEvent, type SchedulerEvent, type SchedulerOptions } from '@corex/scheduler-domain';
import { resultCompleted, resultRejected, resultVerified, type JobEntry } from './job-book';
import { KeyedMutex } from './keyed-mutex';
import { RecentResults } from './recent-results';

/** The log did not take a decision (another writer moved the aggregate, or the event id was taken): decide again later. */
export class AppendConflict extends ConcurrencyError {
  constructor(relative: string, why: string) {
    super('SCHEDULER.APPEND_CONFLICT', `${relative}: ${why}`);
  }
}

/** A lease a cancellation closed: its end to record, at the version its fragment had then (the job is forgotten, its versions with it). */
export interface CancelledLeaseEnd {
  readonly event: LeaseEndedEvent;
  readonly expectedVersion: number;
}

/** This process is not (or no longer) the leader: it must not record decisions. */
export class NotLeader extends ConcurrencyError {
  constructor() {
    super('SCHEDULER.NOT_LEADER', 'this scheduler does not hold the leader lease');
  }
}

/** How long a message of a node unknown here waits for the feed to bring its registration. */
export const NODE_CATCH_UP_MS = 3_000;

/**
 * The scheduler's memory: the matcher state plus what it needs to append and to coordinate
 * jobs, rebuilt by evolving the event log in order. Decisions go decide → append → evolve
 * (`recordFragment`); events this process appended are evolved by the caller once the append
 * succeeded, so the feed skips them.
 */
export class SchedulerRuntime {
  readonly jobs = new Map<string, JobEntry>();
  readonly tasks = new Map<string, FragmentTask>();
  readonly recentResults: RecentResults;
  state: SchedulerState;
  /** Leader epoch (0 before election); part of every lease id. */
  epoch = 0;
  /** False unless this process holds the leader lease: appends of decisions are refused. */
  active = false;
  /** Stream sequence of the last event the feed handed over (own ones included), and who waits for one. */
  private feed = new PositionWaiters();
  private readonly fragmentVersions = new Map<string, number>();
  /**
   * Events this process is appending or has appended, by id: `pending` while the append runs,
   * the stored copy when the feed delivered it before the append settled, `recorded` once the
   * caller evolved it. The feed skips only `recorded` ones and keeps a pending one's copy: if
   * the append then fails (an ack lost after the message was stored) or turns out a duplicate,
   * the copy the log holds is applied from here, so memory never misses an event of the log.
   */
  private readonly own = new Map<string, 'pending' | 'recorded' | StoredEvent>();
  /** Fragments whose assignment is being recorded: other work decisions pass over them. */
  private readonly reserved = new Set<string>();
  private readonly fragmentLocks = new KeyedMutex();
  /** Leases whose FragmentAssigned append failed on our side (it may still have landed): the node never heard of them. */
  private readonly unconfirmed = new Set<string>();
  private readonly workWaiters = new Set<() => void>();
  /** Called for a live (not replayed) VerificationEscalated: plan one more replica. */
  onEscalated: (escalation: VerificationEscalatedData) => void = () => undefined;
  /** Called after a live (not replayed) event changed a job: plan, aggregate or finish it. */
  onJobChanged: (jobId: string) => void = () => undefined;
  /** Called after a live NodeEvicted: end the node's open leases (they are requeued). */
  onNodeEvicted: (nodeId: string) => void = () => undefined;
  /** Called after a live JobCancelled closed leases: record their ends (`cancelled`). */
  onLeasesCancelled: (ended: readonly CancelledLeaseEnd[]) => void = () => undefined;

  constructor(
    readonly log: EventLog,
    private readonly options: SchedulerOptions & { leaseTtlMs: number },
    recentResultsBytes = 64 * 2 ** 20,
  ) {
    this.state = new SchedulerState(options);
    this.recentResults = new RecentResults(recentResultsBytes);
  }

  /** Whether results wait for the verifier's verdict (and untrusted nodes' work gets replicas). */
  get verificationMode(): 'required' | 'off' {
    return this.options.verification ?? 'required';
  }

  /** Forgets everything (a new term starts with a replay of the log). */
  reset(): void {
    this.state = new SchedulerState(this.options);
    this.feed.rejectAll(new Error('the scheduler state was reset'));
    this.feed = new PositionWaiters();
    this.jobs.clear();
    this.tasks.clear();
    this.fragmentVersions.clear();
    this.own.clear();
    this.reserved.clear();
    this.unconfirmed.clear();
    this.notifyWork();
  }

  /** Appends events this process decided, remembering their ids so the feed skips them. */
  async append(relative: string, events: NewEvent[], expectedVersion: number): Promise<{ version: number; duplicate: boolean }> {
    if (!this.active) throw new NotLeader();
    for (const e of events) this.own.set(e.id!, 'pending');
    try {
      const { version, duplicate } = await this.log.store.append(relative, events, expectedVersion);
      // A duplicate was stored before: that message is the log's, applied when the feed brings it.
      for (const e of events) (duplicate ? this.settleUnrecorded(e.id!) : this.settleRecorded(e.id!));
      return { version, duplicate };
    } catch (err) {
      for (const e of events) this.settleUnrecorded(e.id!);
      throw err;
    }
  }

  /** The append succeeded: its caller evolves the event; the feed skips it (or already did). */
  private settleRecorded(eventId: string): void {
    if (this.own.get(eventId) === 'pending') this.own.set(eventId, 'recorded');
    else this.own.delete(eventId);
  }

  /** The append failed or was a duplicate: what the feed delivered meanwhile is applied now, anything later by the feed. */
  private settleUnrecorded(eventId: string): void {
    const seen = this.own.get(eventId);
    this.own.delete(eventId);
    if (seen && typeof seen === 'object') this.apply(seen, true);
  }

  /**
   * Records a fragment decision and evolves it: append at the version this process tracks, then
   * apply. A failed append changes nothing; a conflict or a duplicate id throws AppendConflict
   * (the feed brings what the log holds; decide again then).
   */
  async recordFragment(event: SchedulerEvent & { data: { fragmentId: string } }, now = Date.now(), expectedVersion?: number): Promise<void> {
    const fragmentId = event.data.fragmentId;
    const relative = subjects.fragment(fragmentId);
    let appended: { version: number; duplicate: boolean };
    try {
      appended = await this.append(relative, [event], expectedVersion ?? this.fragmentVersions.get(fragmentId) ?? 0);
    } catch (err) {
      if (err instanceof WrongExpectedVersionError) throw new AppendConflict(relative, 'the fragment moved on');
      throw err;
    }
    if (appended.duplicate) throw new AppendConflict(relative, `event ${event.id} is already in the log`);
    // Fragments of finished jobs are forgotten (see trackVersion): their versions too.
    if (this.state.fragment(fragmentId)) this.fragmentVersions.set(fragmentId, appended.version);
    this.evolve(event, now, true);
  }

  /** Runs `fn` alone for this fragment: its decisions are taken on the state their append leaves. */
  withFragment<T>(fragmentId: string, fn: () => Promise<T>): Promise<T> {
    return this.fragmentLocks.run(fragmentId, fn);
  }

  /** Holds fragments out of other work decisions while their assignments are recorded. */
  reserve(fragmentIds: readonly string[]): () => void {
    for (const id of fragmentIds) this.reserved.add(id);
    return () => {
      for (const id of fragmentIds) this.reserved.delete(id);
    };
  }

  isReserved = (fragmentId: string): boolean => this.reserved.has(fragmentId);

  /** The assignment's append failed: if it reached the log anyway, its lease must end uncharged (bounded: oldest forgotten). */
  markUnconfirmed(leaseId: string): void {
    this.unconfirmed.add(leaseId);
    if (this.unconfirmed.size > 10_000) this.unconfirmed.delete(this.unconfirmed.values().next().value!);
  }

  isUnconfirmed = (leaseId: string): boolean => this.unconfirmed.has(leaseId);

  /** Wakes long-polling work requests: fragments were queued or requeued. */
  notifyWork(): void {
    const waiters = [...this.workWaiters];
    this.workWaiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves when work may be available, or after `ms`; a waiter that times out is forgotten. */
  waitForWork(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.workWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.workWaiters.add(wake);
    });
  }

  /**
   * Whether the node has joined, also when another scheduler recorded its registration a moment
   * ago (schedulers share register requests) and the feed has not brought it here yet: a node
   * unknown in memory is looked up in the log (its last event's sequence) and the feed awaited up
   * to there, at most `maxWaitMs`. A key that never joined costs one lookup and no wait.
   */
  async knowsNode(nodeId: string, maxWaitMs = NODE_CATCH_UP_MS): Promise<boolean> {
    if (this.state.hasNode(nodeId)) return true;
    const lastEvent = await this.log.store.version(subjects.node(nodeId));
    if (lastEvent === 0 || lastEvent <= this.feedPosition) return false;
    // Not there in time: refused like a stranger; the node retries.
    await this.feed.wait(lastEvent, maxWaitMs).catch(() => undefined);
    return this.state.hasNode(nodeId);
  }

  /** Stream sequence of the last event the feed handed over (own ones included): its lag behind the log. */
  get feedPosition(): number {
    return this.feed.current;
  }

  /** Long-poll waiters listed now (for tests and metrics). */
  get waitingRequests(): number {
    return this.workWaiters.size;
  }

  /** The job a fragment belongs to, also once the scheduler has forgotten the fragment. */
  jobOf(fragmentId: string): string {
    return this.state.fragment(fragmentId)?.plan.jobId ?? fragmentId.replace(/-s\d+-f\d+$/, '');
  }

  /**
   * True when this process appended the event (read from its Nats-Msg-Id before decoding): it
   * was evolved when recorded, so only the aggregate's version moves. `subject` is relative.
   */
  skipOwn(eventId: string | undefined, seq: number, subject: string, decode: () => StoredEvent['event']): boolean {
    // Waiters resume after the event at `seq` is applied: their continuation runs as a microtask.
    this.feed.reached(seq);
    const own = eventId === undefined ? undefined : this.own.get(eventId);
    if (own === undefined || typeof own === 'object') return false;
    if (own === 'pending') {
      try {
        this.own.set(eventId!, { seq, event: decode() });
      } catch {
        return false;
      }
      return true;
    }
    this.own.delete(eventId!);
    this.trackVersion(subject, seq);
    return true;
  }

  /**
   * Applies one event someone else appended; `live` is false while replaying at start-up. What a
   * live event sets off (planning, replicas, lease ends) carries its correlation.
   */
  apply(stored: StoredEvent, live: boolean): void {
    if (live) withCorrelation(causedBy(stored.event), () => this.applyNow(stored, live));
    else this.applyNow(stored, live);
  }

  private applyNow({ seq, event }: StoredEvent, live: boolean): void {
    this.trackVersion(event.subject, seq);
    this.applyJobEvent(event.type, event.data, seq, live);
    this.evolve(event, Date.now(), live);
    // A replica's first event creates its fragment: its version is tracked from there.
    if (event.type === ReplicaPlanned.type) this.trackVersion(event.subject, seq);
    if (live && event.type === VerificationEscalated.type) this.onEscalated(event.data as VerificationEscalatedData);
    const jobId = (event.data as { jobId?: string }).jobId;
    if (live && jobId) this.onJobChanged(jobId);
  }

  /** The same evolve for live decisions and replay (see @corex/scheduler-domain). */
  private evolve(event: { type: string; data: unknown }, now: number, live: boolean): void {
    const evolved = evolveScheduler(this.state, event, { now, leaseTtlMs: this.options.leaseTtlMs });
    if (event.type === FragmentCompleted.type) {
      const d = event.data as FragmentCompletedData;
      // A replica's result (no step fragment of that id) is only for the verifier: it never counts for the job.
      this.recordResult(d.jobId, d.fragmentId, d.resultHash, d.leaseId, d.nodeId);
    }
    if (event.type === ReplicaPlanned.type) {
      const d = event.data as ReplicaPlannedData;
      if (this.state.fragment(d.fragmentId)) this.tasks.set(d.fragmentId, d.task);
    }
    if (evolved.verified) {
      const part = this.jobs.get(evolved.verified.jobId)?.stepFragments.get(evolved.verified.fragmentId);
      if (part) resultVerified(part, evolved.verified.leaseId);
      // A verdict that overtook this process's own FragmentCompleted counts when that is applied: the job may be done now.
      if (live && event.type === FragmentCompleted.type) this.onJobChanged(evolved.verified.jobId);
    }
    if (evolved.reopened) {
      const part = this.jobs.get(evolved.reopened.jobId)?.stepFragments.get(evolved.reopened.fragmentId);
      if (part) resultRejected(part);
    }
    if (evolved.evicted && live) this.onNodeEvicted(evolved.evicted);
    if (evolved.requeued) this.notifyWork();
    if (evolved.exhausted) {
      this.markExhausted(evolved.exhausted.jobId, evolved.exhausted.fragmentId);
      if (live) this.onJobChanged(evolved.exhausted.jobId);
    }
  }

  /** The expected version of the next append to the event's aggregate. */
  private trackVersion(subject: string, seq: number): void {
    if (subject.startsWith('fragment.')) {
      const fragmentId = subject.slice(9);
      // Fragments of finished jobs are forgotten; their late events need no version.
      if (this.state.fragment(fragmentId)) this.fragmentVersions.set(fragmentId, seq);
    } else if (subject.startsWith('job.')) {
      const entry = this.jobs.get(subject.slice(4));
      if (entry) entry.version = seq;
    }
  }

  private applyJobEvent(type: string, data: unknown, seq: number, live: boolean): void {
    switch (type) {
      case JobSubmitted.type: {
        const job = data as JobSubmittedData;
        this.jobs.set(job.jobId, { job, phase: 'submitted', version: seq, step: 0, totalSteps: 1, stepFragments: new Map(), weightsHash: null, busy: false });
        return;
      }
      case JobFragmentsPlanned.type:
        return this.applyPlanned(data as JobFragmentsPlannedData);
      case JobFragmentsAbandoned.type:
        this.applyAbandoned(data as JobFragmentsAbandonedData);
        return;
      case JobStepCompleted.type: {
        const entry = this.jobs.get((data as JobStepCompletedData).jobId);
        if (entry) Object.assign(entry, { weightsHash: (data as JobStepCompletedData).weightsHash, optimizerStateHash: (data as JobStepCompletedData).optimizerStateHash });
        return;
      }
      case JobCompleted.type:
        this.end((data as JobCompletedData).jobId, (data as JobCompletedData).completedAt, live);
        return;
      case JobFailed.type:
        this.end((data as JobFailedData).jobId, (data as JobFailedData).failedAt, live);
        return;
      case JobCancelled.type:
        this.end((data as JobCancelledData).jobId, (data as JobCancelledData).cancelledAt, live);
        return;
    }
  }

  /**
   * The job was cancelled, completed or failed: it is finished here, and live, the leases still
   * open on it (a cancelled job's, or a replica's still running at completion) end `cancelled`
   * (decideJobEnd; onLeasesCancelled records them). A replay records nothing: the ends recorded
   * live are in the log after the job's end (an end lost to a crash in between stays unrecorded;
   * read models close such a lease with the job's end).
   */
  private end(jobId: string, endedAt: string, live: boolean): void {
    const ended = live ? decideJobEnd(this.state, { jobId, endedAt }) : [];
    const versions = ended.map((e) => this.fragmentVersions.get(e.data.fragmentId) ?? 0);
    this.finish(jobId);
    if (ended.length) this.onLeasesCancelled(ended.map((event, i) => ({ event, expectedVersion: versions[i]! })));
  }

  /** Adds a planned step: fragments to the queue, tasks to the book. */
  applyPlanned(d: JobFragmentsPlannedData): void {
    const entry = this.jobs.get(d.jobId);
    if (!entry || entry.phase === 'finished') return;
    // Applied already (the coordinator's own append and the log's copy of it can both arrive).
    if (entry.phase === 'planned' && d.step <= entry.step) return;
    // The previous step's fragments are done: forget them (bounded memory over long trainings).
    for (const fragmentId of [...entry.stepFragments.keys(), ...(entry.abandoned?.keys() ?? [])]) this.forgetFragment(fragmentId);
    entry.phase = 'planned';
    entry.step = d.step;
    entry.totalSteps = d.totalSteps;
    entry.stepFragments = new Map(d.fragments.map((f) => [f.fragmentId, { rowRange: f.rowRange, task: f.task }]));
    entry.abandoned = new Map();
    entry.plannedAtMs = Date.parse(d.plannedAt);
    entry.weightsHash = d.fragments[0]?.task.weightsHash ?? null;
    const plans: FragmentPlan[] = d.fragments.map((f) => {
      this.tasks.set(f.fragmentId, f.task);
      return {
        fragmentId: f.fragmentId,
        jobId: d.jobId,
        index: f.index,
        step: d.step,
        kind: f.task.kind,
        rowRange: f.rowRange,
        size: f.size,
        priority: entry.job.priority,
        requirements: entry.job.requirements,
        valuePerRow: valuePerRow(entry.job.budget, d.totalRows, d.totalSteps),
        inputHash: f.task.inputHash,
        pinnedNode: f.pinnedNode,
      };
    });
    this.state.addFragments(plans);
    this.notifyWork();
  }

  /**
   * Fragments of the current step given up (JobFragmentsAbandoned, live or replayed): they leave
   * the step (its completion counts only the rest) and the scheduler's queue and leases; a late
   * result under their leases is refused as LEASE.STALE. Returns the leases it closed (the
   * coordinator records them ended 'cancelled'). Another step's abandonment changes nothing.
   */
  applyAbandoned(d: JobFragmentsAbandonedData): Lease[] {
    const entry = this.jobs.get(d.jobId);
    if (!entry || entry.phase !== 'planned' || entry.step !== d.step) return [];
    const ids = d.fragments.map((f) => f.fragmentId).filter((id) => entry.stepFragments.has(id));
    for (const f of d.fragments) {
      if (!entry.stepFragments.delete(f.fragmentId)) continue;
      (entry.abandoned ??= new Map()).set(f.fragmentId, { nodeId: f.nodeId, reason: d.reason });
    }
    return this.state.abandonFragments(ids).revoked;
  }

  /** A fragment of the job failed on too many leases; the coordinator fails the job when it next advances it. */
  markExhausted(jobId: string, fragmentId: string): void {
    const entry = this.jobs.get(jobId);
    if (entry && entry.phase !== 'finished') entry.exhaustedFragment ??= fragmentId;
  }

  /** A completed result: it counts now, or once verified (COREX_VERIFICATION). */
  recordResult(jobId: string, fragmentId: string, resultHash: string, leaseId: string, nodeId: string): void {
    const part = this.jobs.get(jobId)?.stepFragments.get(fragmentId);
    if (part) resultCompleted(part, leaseId, resultHash, nodeId, this.options.verification ?? 'required');
  }

  /** A finished job: nothing of it stays queued, leased or remembered. */
  finish(jobId: string): ReturnType<SchedulerState['cancelJob']> | null {
    const entry = this.jobs.get(jobId);
    if (!entry) return null;
    entry.phase = 'finished';
    for (const fragmentId of [...entry.stepFragments.keys(), ...(entry.abandoned?.keys() ?? [])]) this.forgetFragment(fragmentId);
    this.jobs.delete(jobId);
    return this.state.cancelJob(jobId);
  }

  /** What this process holds of a job now (why is it not advancing?), for operators and stalled tests; null when unknown or finished. */
  describeJob(jobId: string): Record<string, unknown> | null {
    const entry = this.jobs.get(jobId);
    if (!entry) return null;
    const fragments = [...entry.stepFragments].map(([fragmentId, f]) => ({
      fragmentId,
      counted: f.resultHash ? { nodeId: f.nodeId } : null,
      unverified: f.unverified ?? null,
      state: this.state.fragment(fragmentId) ?? null,
    }));
    const { phase, step, totalSteps, version, busy, dirty, failures, exhaustedFragment } = entry;
    return { jobId, active: this.active, epoch: this.epoch, phase, step, totalSteps, version, busy, dirty, failures, exhaustedFragment, fragments, abandoned: [...(entry.abandoned?.keys() ?? [])] };
  }

  /** Entries held now, per map (bounded-memory checks). */
  sizes(): { jobs: number; tasks: number; fragmentVersions: number; waiters: number; own: number } {
    return { jobs: this.jobs.size, tasks: this.tasks.size, fragmentVersions: this.fragmentVersions.size, waiters: this.workWaiters.size, own: this.own.size };
  }

  private forgetFragment(fragmentId: string): void {
    this.tasks.delete(fragmentId);
    this.fragmentVersions.delete(fragmentId);
    // Its replicas (`<fragmentId>-r<n>`) go with it.
    for (let n = 1; this.tasks.has(`${fragmentId}-r${n}`); n++) {
      this.tasks.delete(`${fragmentId}-r${n}`);
      this.fragmentVersions.delete(`${fragmentId}-r${n}`);
    }
  }
}

/** What a job pays per row of work (budget / (rows × steps), CXT): "high-value" jobs pay above the median. */
export function valuePerRow(budget: string, totalRows: number, totalSteps: number): number | undefined {
  const value = Number(budget) / (Math.max(1, totalRows) * Math.max(1, totalSteps));
  return Number.isFinite(value) ? value : undefined;
}
