import { fragmentRecord, type FragmentRecord, type FragmentStatus } from '../matching/fragment-record';
import type { FragmentPlan } from '../planning/plan-fragments';

interface JobEntry {
  readonly fragments: Set<FragmentRecord>;
  /** Fragments not yet completed. */
  open: number;
  /** What the job pays per row (FragmentPlan.valuePerRow), when known. */
  readonly valuePerRow: number | undefined;
  /** The latest step planned. */
  step: number;
}

/** Every fragment the scheduler holds, whatever its status, by id and by job. */
export class FragmentBook {
  private readonly _byId = new Map<string, FragmentRecord>();
  private readonly _jobs = new Map<string, JobEntry>();
  private _nextSeq = 0;
  private _completed = 0;
  /** premiumValueCut, until the set of jobs with open fragments changes. */
  private _valueCut: number | undefined;

  get jobCount(): number {
    return this._jobs.size;
  }

  get completedCount(): number {
    return this._completed;
  }

  get(fragmentId: string): FragmentRecord | undefined {
    return this._byId.get(fragmentId);
  }

  /** A new queued record, numbered in arrival order; undefined when the id is already known. */
  add(plan: FragmentPlan): FragmentRecord | undefined {
    if (this._byId.has(plan.fragmentId)) return undefined;
    const record = fragmentRecord(plan, this._nextSeq++);
    this._byId.set(plan.fragmentId, record);
    let job = this._jobs.get(plan.jobId);
    if (!job) this._jobs.set(plan.jobId, (job = { fragments: new Set(), open: 0, valuePerRow: plan.valuePerRow, step: plan.step }));
    job.step = Math.max(job.step, plan.step);
    job.fragments.add(record);
    if (job.open++ === 0) this._valueCut = undefined;
    return record;
  }

  /** Marks the record completed; returns how many fragments of its job are still open. */
  completed(record: FragmentRecord): number {
    record.status = 'completed';
    record.leaseId = undefined;
    this._completed++;
    const open = --this._jobs.get(record.plan.jobId)!.open;
    if (open === 0) this._valueCut = undefined;
    return open;
  }

  /** A completed record is open again (a verdict against its result): queued, or exhausted. */
  reopened(record: FragmentRecord, status: Extract<FragmentStatus, 'queued' | 'exhausted'>): void {
    record.status = status;
    this._completed--;
    if (this._jobs.get(record.plan.jobId)!.open++ === 0) this._valueCut = undefined;
  }

  /** The job gave the record up: it no longer counts as open (a completed one leaves the completed count). */
  abandoned(record: FragmentRecord): void {
    if (record.status === 'completed') this._completed--;
    else if (--this._jobs.get(record.plan.jobId)!.open === 0) this._valueCut = undefined;
    record.status = 'abandoned';
    record.leaseId = undefined;
    record.completedLease = undefined;
  }

  /** True when a later step of the record's job is planned: its step is aggregated already. */
  stepPassed(record: FragmentRecord): boolean {
    return (this._jobs.get(record.plan.jobId)?.step ?? record.plan.step) > record.plan.step;
  }

  /**
   * "High-value" work pays more per row than this: the median value per row of the jobs with
   * open fragments (Infinity when none is known, so nothing counts as high-value by value alone).
   * O(J log J) in the jobs held when that set changed, else cached.
   */
  premiumValueCut(): number {
    return (this._valueCut ??= this._medianValue());
  }

  private _medianValue(): number {
    const values: number[] = [];
    for (const job of this._jobs.values()) if (job.open > 0 && job.valuePerRow !== undefined) values.push(job.valuePerRow);
    if (values.length === 0) return Infinity;
    values.sort((a, b) => a - b);
    const mid = values.length >> 1;
    return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
  }

  /** The job's records, whatever their status (read only). */
  ofJob(jobId: string): FragmentRecord[] {
    return [...(this._jobs.get(jobId)?.fragments ?? [])];
  }

  /** Forgets the job and returns its records as they were. */
  removeJob(jobId: string): FragmentRecord[] {
    const records = [...(this._jobs.get(jobId)?.fragments ?? [])];
    for (const record of records) {
      if (record.status === 'completed') this._completed--;
      this._byId.delete(record.plan.fragmentId);
    }
    this._jobs.delete(jobId);
    this._valueCut = undefined;
    return records;
  }
}
