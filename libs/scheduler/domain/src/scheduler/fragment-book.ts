import { fragmentRecord, type FragmentRecord } from '../matching/fragment-record';
import type { FragmentPlan } from '../planning/plan-fragments';

interface JobEntry {
  readonly fragments: Set<FragmentRecord>;
  /** Fragments not yet completed. */
  open: number;
}

/** Every fragment the scheduler holds, whatever its status, by id and by job. */
export class FragmentBook {
  private readonly _byId = new Map<string, FragmentRecord>();
  private readonly _jobs = new Map<string, JobEntry>();
  private _nextSeq = 0;
  private _completed = 0;

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
    if (!job) this._jobs.set(plan.jobId, (job = { fragments: new Set(), open: 0 }));
    job.fragments.add(record);
    job.open++;
    return record;
  }

  /** Marks the record completed; returns how many fragments of its job are still open. */
  completed(record: FragmentRecord): number {
    record.status = 'completed';
    record.leaseId = undefined;
    this._completed++;
    return --this._jobs.get(record.plan.jobId)!.open;
  }

  /** Forgets the job and returns its records as they were. */
  removeJob(jobId: string): FragmentRecord[] {
    const records = [...(this._jobs.get(jobId)?.fragments ?? [])];
    for (const record of records) {
      if (record.status === 'completed') this._completed--;
      this._byId.delete(record.plan.fragmentId);
    }
    this._jobs.delete(jobId);
    return records;
  }
}
