import { createHash } from 'node:crypto';
import {
  FragmentCompleted,
  FragmentRejected,
  FragmentVerified,
  FraudDetected,
  JobCancelled,
  JobCompleted,
  JobFailed,
  JobFragmentsPlanned,
  JobSubmitted,
  ReplicaPlanned,
  ReputationChanged,
  ResultViolation,
  VerificationEscalated,
  type FragmentCompletedData,
  type FragmentTask,
  type ResultViolationData,
  type StoredEvent,
  type VerificationPolicy,
} from '@corex/events';
import { canonicalJson } from '@corex/platform';
import type { NodeTrust } from '@corex/verification-domain';

/** A fragment or replica as planned: what the verifier needs to recompute it. */
export interface PlannedWork {
  fragmentId: string;
  /** The original fragment of a replica (its own id for a fragment): the verification subject. */
  originalId: string;
  jobId: string;
  step: number;
  flops: number;
  task: FragmentTask;
  /** sha256 of the task's canonical JSON: the replay check's task key. */
  taskKey: string;
  plannedAt: string;
}

export type VerdictKind = 'verified' | 'rejected' | 'escalated' | 'fraud';
export interface Verdict {
  kind: VerdictKind;
  method?: string;
}

const NO_TRUST: NodeTrust = { reputation: null, verifiedFragments: 0 };

/**
 * What the verifier knows, rebuilt from the log at every start (jobs and their policy, planned
 * fragments and replicas, completions, violations, node trust, its own verdicts). `apply` is
 * idempotent: an event applied twice changes nothing.
 */
export class VerificationState {
  readonly policies = new Map<string, VerificationPolicy | undefined>();
  readonly finishedJobs = new Set<string>();
  readonly work = new Map<string, PlannedWork>();
  /** Completions by lease id. */
  readonly completions = new Map<string, FragmentCompletedData>();
  /** Completion lease ids by original fragment id, in order. */
  readonly groups = new Map<string, string[]>();
  readonly violations = new Map<string, ResultViolationData>();
  readonly trust = new Map<string, NodeTrust>();
  /** Own verdicts by lease id (the last one counts; a fraud after a verification wins). */
  readonly verdicts = new Map<string, Verdict>();
  /** Escalations by original fragment id. */
  readonly escalations = new Map<string, Set<string>>();
  /** Frauds already recorded (by fraud id). */
  readonly frauds = new Set<string>();
  /** Accepted result hashes: the replay check. */
  readonly accepted = new Map<string, { taskKey: string; leaseId: string; fragmentId: string }>();
  /** Versions of the `verification.<id>` subjects (stream sequence of their last event). */
  readonly versions = new Map<string, number>();

  apply({ seq, event }: StoredEvent): void {
    const data = event.data as never;
    switch (event.type) {
      case JobSubmitted.type:
        return void this.policies.set((data as { jobId: string }).jobId, (data as { verification?: VerificationPolicy }).verification);
      case JobCompleted.type:
      case JobFailed.type:
      case JobCancelled.type:
        return void this.finishedJobs.add((data as { jobId: string }).jobId);
      case JobFragmentsPlanned.type:
        return this.planned(data);
      case ReplicaPlanned.type:
        return this.replicaPlanned(data);
      case FragmentCompleted.type:
        return this.completed(data);
      case ResultViolation.type:
        return void this.violations.set((data as ResultViolationData).leaseId, data);
      case ReputationChanged.type:
        return this.reputation(data);
    }
    if (event.subject.startsWith('verification.')) this.ownVerdict(seq, event.subject.slice('verification.'.length), event.type, data);
  }

  trustOf(nodeId: string): NodeTrust {
    return this.trust.get(nodeId) ?? NO_TRUST;
  }

  /** Completions of a fragment group (the original and its replicas), in order. */
  groupOf(originalId: string): FragmentCompletedData[] {
    return (this.groups.get(originalId) ?? []).map((lease) => this.completions.get(lease)!);
  }

  /** Replicas planned for a group. */
  replicasOf(originalId: string): PlannedWork[] {
    return [...this.work.values()].filter((w) => w.originalId === originalId && w.fragmentId !== originalId);
  }

  private planned(data: { jobId: string; step: number; fragments: { fragmentId: string; size: { flops: number }; task: FragmentTask }[]; plannedAt: string }): void {
    for (const f of data.fragments) {
      this.work.set(f.fragmentId, { fragmentId: f.fragmentId, originalId: f.fragmentId, jobId: data.jobId, step: data.step, flops: f.size.flops, task: f.task, taskKey: taskKey(f.task), plannedAt: data.plannedAt });
    }
  }

  private replicaPlanned(data: { fragmentId: string; replicaOf: string; jobId: string; size: { flops: number }; task: FragmentTask; plannedAt: string }): void {
    const step = this.work.get(data.replicaOf)?.step ?? 0;
    this.work.set(data.fragmentId, { fragmentId: data.fragmentId, originalId: data.replicaOf, jobId: data.jobId, step, flops: data.size.flops, task: data.task, taskKey: taskKey(data.task), plannedAt: data.plannedAt });
  }

  private completed(data: FragmentCompletedData): void {
    if (this.completions.has(data.leaseId)) return;
    this.completions.set(data.leaseId, data);
    const original = this.work.get(data.fragmentId)?.originalId ?? data.fragmentId;
    this.groups.set(original, [...(this.groups.get(original) ?? []), data.leaseId]);
  }

  private reputation(data: { nodeId: string; score: number; indicators: Record<string, number | null> }): void {
    this.trust.set(data.nodeId, { reputation: data.score, verifiedFragments: data.indicators['verified'] ?? 0 });
  }

  private ownVerdict(seq: number, originalId: string, type: string, data: { leaseId?: string; fraudId?: string; method?: string; resultHash?: string; fragmentId?: string }): void {
    this.versions.set(originalId, Math.max(seq, this.versions.get(originalId) ?? 0));
    const lease = data.leaseId;
    if (!lease) return;
    if (type === FragmentVerified.type) {
      if (this.verdicts.get(lease)?.kind !== 'fraud') this.verdicts.set(lease, { kind: 'verified', method: data.method });
      const work = this.work.get(data.fragmentId ?? '');
      if (work && data.resultHash && !this.accepted.has(data.resultHash)) this.accepted.set(data.resultHash, { taskKey: work.taskKey, leaseId: lease, fragmentId: work.fragmentId });
    } else if (type === FragmentRejected.type) this.verdicts.set(lease, { kind: 'rejected' });
    else if (type === VerificationEscalated.type) {
      if (!this.verdicts.has(lease)) this.verdicts.set(lease, { kind: 'escalated' });
      this.escalations.set(originalId, new Set([...(this.escalations.get(originalId) ?? []), lease]));
    } else if (type === FraudDetected.type) {
      this.verdicts.set(lease, { kind: 'fraud' });
      if (data.fraudId) this.frauds.add(data.fraudId);
    }
  }
}

/** sha256 of a task's canonical JSON. */
export function taskKey(task: FragmentTask): string {
  return createHash('sha256').update(canonicalJson(task)).digest('hex');
}
