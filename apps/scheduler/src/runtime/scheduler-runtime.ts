import {
  FragmentAssigned,
  FragmentCompleted,
  FragmentLeaseEnded,
  JobCancelled,
  JobCompleted,
  JobFailed,
  JobFragmentsPlanned,
  JobStepCompleted,
  JobSubmitted,
  NodeBenchmarked,
  type FragmentAssignedData,
  type FragmentCompletedData,
  type FragmentLeaseEndedData,
  type FragmentTask,
  type JobFragmentsPlannedData,
  type JobStepCompletedData,
  type JobSubmittedData,
  type NewEvent,
  type NodeBenchmarkedData,
  type StoredEvent,
  subjects,
} from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { nodeInputFromReport, SchedulerState, type FragmentPlan } from '@corex/scheduler-domain';
import type { JobEntry } from './job-book';
import { RecentResults } from './recent-results';

/**
 * The scheduler's memory: the matcher state plus what it needs to append and to coordinate
 * jobs, rebuilt by applying the event log in order. Events this process appended were applied
 * when it made the decision, so the feed skips them.
 */
export class SchedulerRuntime {
  readonly jobs = new Map<string, JobEntry>();
  readonly tasks = new Map<string, FragmentTask>();
  readonly recentResults: RecentResults;
  private readonly fragmentVersions = new Map<string, number>();
  private readonly own = new Set<string>();
  private workWaiters: (() => void)[] = [];
  /** Called after a live (not replayed) event changed a job: plan, aggregate or finish it. */
  onJobChanged: (jobId: string) => void = () => undefined;

  constructor(
    readonly log: EventLog,
    readonly state: SchedulerState,
    private readonly leaseTtlMs: number,
    recentResultsBytes = 64 * 2 ** 20,
  ) {
    this.recentResults = new RecentResults(recentResultsBytes);
  }

  /** Appends events this process decided, remembering their ids so the feed skips them. */
  async append(relative: string, events: NewEvent[], expectedVersion: number): Promise<number> {
    for (const e of events) this.own.add(e.id!);
    try {
      const { version } = await this.log.store.append(relative, events, expectedVersion);
      return version;
    } catch (err) {
      for (const e of events) this.own.delete(e.id!);
      throw err;
    }
  }

  /** Wakes long-polling work requests: fragments were queued or requeued. */
  notifyWork(): void {
    const waiters = this.workWaiters;
    this.workWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves when work may be available, or after `ms`. */
  waitForWork(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.workWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Appends to a fragment at the version this process tracks, and tracks the new one. */
  async appendToFragment(fragmentId: string, event: NewEvent): Promise<void> {
    const version = await this.append(subjects.fragment(fragmentId), [event], this.fragmentVersions.get(fragmentId) ?? 0);
    this.fragmentVersions.set(fragmentId, version);
  }

  /** The job a fragment belongs to, also once the scheduler has forgotten the fragment. */
  jobOf(fragmentId: string): string {
    return this.state.fragment(fragmentId)?.plan.jobId ?? fragmentId.replace(/-s\d+-f\d+$/, '');
  }

  /**
   * True when this process appended the event (read from its Nats-Msg-Id before decoding): it
   * was applied when decided, so only the aggregate's version moves. `subject` is relative.
   */
  skipOwn(eventId: string | undefined, seq: number, subject: string): boolean {
    if (!eventId || !this.own.delete(eventId)) return false;
    this.trackVersion(subject, seq);
    return true;
  }

  /** Applies one event someone else appended; `live` is false while replaying at start-up. */
  apply({ seq, event }: StoredEvent, live: boolean): void {
    this.trackVersion(event.subject, seq);
    this.applyForeign(event.type, event.data, seq);
    const jobId = (event.data as { jobId?: string }).jobId;
    if (live && jobId) this.onJobChanged(jobId);
  }

  /** The expected version of the next append to the event's aggregate. */
  private trackVersion(subject: string, seq: number): void {
    if (subject.startsWith('fragment.')) this.fragmentVersions.set(subject.slice(9), seq);
    else if (subject.startsWith('job.')) {
      const entry = this.jobs.get(subject.slice(4));
      if (entry) entry.version = seq;
    }
  }

  private applyForeign(type: string, data: unknown, seq: number): void {
    const now = Date.now();
    switch (type) {
      case NodeBenchmarked.type: {
        const d = data as NodeBenchmarkedData;
        this.state.upsertNode(nodeInputFromReport(d.nodeId, d.hardware, d.benchmark), now);
        return;
      }
      case JobSubmitted.type: {
        const job = data as JobSubmittedData;
        this.jobs.set(job.jobId, { job, phase: 'submitted', version: seq, step: 0, totalSteps: 1, stepFragments: new Map(), weightsHash: null, busy: false });
        return;
      }
      case JobFragmentsPlanned.type:
        return this.applyPlanned(data as JobFragmentsPlannedData);
      case JobStepCompleted.type: {
        const entry = this.jobs.get((data as JobStepCompletedData).jobId);
        if (entry) entry.weightsHash = (data as JobStepCompletedData).weightsHash;
        return;
      }
      case JobCompleted.type:
      case JobFailed.type:
      case JobCancelled.type:
        this.finish((data as { jobId: string }).jobId);
        return;
      case FragmentAssigned.type: {
        const d = data as FragmentAssignedData;
        // Renewals are not logged: a rebuilt lease gets one more TTL so its node can heartbeat again.
        const expiresAt = Math.max(Date.parse(d.leaseExpiresAt), now + this.leaseTtlMs);
        this.state.restoreLease({ leaseId: d.leaseId, fragmentId: d.fragmentId, nodeId: d.nodeId, attempt: d.attempt, expiresAt });
        return;
      }
      case FragmentCompleted.type: {
        const d = data as FragmentCompletedData;
        // The log already accepted this result; heartbeat renewals are not logged, so the lease's
        // recorded expiry may lie before it: replay it as never expired.
        this.state.complete(d.fragmentId, d.leaseId, d.nodeId, -Infinity);
        this.recordResult(d.jobId, d.fragmentId, d.resultHash);
        return;
      }
      case FragmentLeaseEnded.type: {
        const d = data as FragmentLeaseEndedData;
        if (d.reason === 'cancelled') return;
        if (this.state.endLease(d.leaseId, d.reason)?.fragmentExhausted) this.markExhausted(d.jobId, d.fragmentId);
        return;
      }
    }
  }

  /** Adds a planned step: fragments to the queue, tasks to the book. */
  applyPlanned(d: JobFragmentsPlannedData): void {
    const entry = this.jobs.get(d.jobId);
    if (!entry || entry.phase === 'finished') return;
    entry.phase = 'planned';
    entry.step = d.step;
    entry.totalSteps = d.totalSteps;
    entry.stepFragments = new Map(d.fragments.map((f) => [f.fragmentId, { rowRange: f.rowRange, task: f.task }]));
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
      };
    });
    this.state.addFragments(plans);
    this.notifyWork();
  }

  /** A fragment of the job failed on too many leases; the coordinator fails the job when it next advances it. */
  markExhausted(jobId: string, fragmentId: string): void {
    const entry = this.jobs.get(jobId);
    if (entry && entry.phase !== 'finished') entry.exhaustedFragment ??= fragmentId;
  }

  recordResult(jobId: string, fragmentId: string, resultHash: string): void {
    const part = this.jobs.get(jobId)?.stepFragments.get(fragmentId);
    if (part) part.resultHash = resultHash;
  }

  /** A finished job: nothing of it stays queued or leased. */
  finish(jobId: string): ReturnType<SchedulerState['cancelJob']> | null {
    const entry = this.jobs.get(jobId);
    if (!entry) return null;
    entry.phase = 'finished';
    return this.state.cancelJob(jobId);
  }
}
