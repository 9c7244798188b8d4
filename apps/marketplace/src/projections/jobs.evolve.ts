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
  type EventEnvelope,
  type FragmentAssignedData,
  type FragmentCompletedData,
  type FragmentLeaseEndedData,
  type JobCompletedData,
  type JobFailedData,
  type JobFragmentsPlannedData,
  type JobStepCompletedData,
  type JobSubmittedData,
} from '@corex/events';
import type { JobRow, LatestTrainingStep, TrainingStepDetails, TrainingStepSummary } from './jobs.row';

export const TERMINAL_STATUSES = ['completed', 'failed', 'cancelled'] as const;
export const isTerminalStatus = (status: string) => (TERMINAL_STATUSES as readonly string[]).includes(status);

type Evolve = (row: JobRow, e: EventEnvelope, seq: number) => JobRow;

/** The job row after one job or fragment event; null while the job itself is unknown. */
export function evolveJobRow(row: JobRow | null, e: EventEnvelope, seq: number): JobRow | null {
  if (e.type === JobSubmitted.type) return submitted(e.data as JobSubmittedData, e.time, seq);
  const apply = row ? HANDLERS[e.type] : undefined;
  if (!row || !apply) return row;
  return { ...apply(row, e, seq), updated_at: e.time, version: seq };
}

function submitted(d: JobSubmittedData, time: string, seq: number): JobRow {
  return {
    id: d.jobId,
    account_id: d.accountId,
    type: d.type,
    model: d.model,
    dataset: d.dataset,
    budget: d.budget,
    priority: d.priority,
    status: 'submitted',
    requirements: d.requirements,
    params: d.params,
    idempotency_key: d.idempotencyKey ?? null,
    verification: d.verification ?? null,
    current_step: 0,
    total_steps: 0,
    fragments_planned: 0,
    fragments_assigned: 0,
    fragments_completed: 0,
    fragments_failed: 0,
    rows_total: 0,
    rows_processed: 0,
    pending_fragments: {},
    active_leases: {},
    latest_step: null,
    best_step: null,
    steps_seq: 0,
    result: null,
    failure: null,
    submitted_at: d.submittedAt,
    started_at: null,
    completed_at: null,
    finished_at: null,
    updated_at: time,
    created_seq: seq,
    version: seq,
  };
}

const planned: Evolve = (row, e) => {
  const d = e.data as JobFragmentsPlannedData;
  const pending = { ...row.pending_fragments };
  for (const f of d.fragments) pending[f.fragmentId] = f.size.rows;
  return {
    ...row,
    status: row.status === 'submitted' ? 'planned' : row.status,
    current_step: d.step,
    total_steps: d.totalSteps,
    fragments_planned: row.fragments_planned + d.fragments.length,
    rows_total: d.totalRows * d.totalSteps,
    pending_fragments: isTerminalStatus(row.status) ? row.pending_fragments : pending,
  };
};

const assigned: Evolve = (row, e) => {
  const d = e.data as FragmentAssignedData;
  const leases = { ...row.active_leases, [d.leaseId]: d.fragmentId };
  const running = row.status === 'submitted' || row.status === 'planned';
  return {
    ...row,
    status: running ? 'running' : row.status,
    started_at: row.started_at ?? d.assignedAt,
    active_leases: leases,
    fragments_assigned: Object.keys(leases).length,
  };
};

/** Only the first result of a planned fragment counts: a redundant copy adds no progress. */
const fragmentCompleted: Evolve = (row, e) => {
  const d = e.data as FragmentCompletedData;
  const leases = withoutLease(row.active_leases, d.leaseId);
  const firstResult = d.fragmentId in row.pending_fragments;
  const pending = { ...row.pending_fragments };
  delete pending[d.fragmentId];
  return {
    ...row,
    active_leases: leases,
    fragments_assigned: Object.keys(leases).length,
    pending_fragments: pending,
    fragments_completed: row.fragments_completed + (firstResult ? 1 : 0),
    rows_processed: Number(row.rows_processed) + (firstResult ? d.rowsProcessed : 0),
  };
};

/** A lease that ended without a result; the scheduler re-queues the fragment (unless cancelled). */
const leaseEnded: Evolve = (row, e) => {
  const d = e.data as FragmentLeaseEndedData;
  if (!(d.leaseId in row.active_leases)) return row;
  const leases = withoutLease(row.active_leases, d.leaseId);
  const failed = d.reason !== 'cancelled';
  const fragments_failed = row.fragments_failed + (failed ? 1 : 0);
  return { ...row, active_leases: leases, fragments_assigned: Object.keys(leases).length, fragments_failed };
};

/** Only the summary changes: the step itself goes to its own table (job-steps.projection). */
const stepCompleted: Evolve = (row, e, seq) => {
  const d = e.data as JobStepCompletedData;
  const step = stepSummaryOf(d);
  const latest: LatestTrainingStep = !row.latest_step || step.step >= row.latest_step.step ? { ...step, ...stepDetailsOf(d) } : row.latest_step;
  const best = !row.best_step || isBetter(step, row.best_step) ? step : row.best_step;
  return { ...row, latest_step: latest, best_step: best, steps_seq: seq };
};

export function stepSummaryOf(d: JobStepCompletedData): TrainingStepSummary {
  const metrics = { accuracy: d.accuracy, rmse: d.rmse, r2: d.r2 };
  return { step: d.step, loss: d.loss, ...Object.fromEntries(Object.entries(metrics).filter(([, v]) => v !== undefined)) };
}

const DETAILS = ['optimizer', 'rule', 'participants', 'rejected', 'stragglers', 'accepted', 'validationLoss', 'federated'] as const;

/** How the step was aggregated: only the members its event carries. */
export function stepDetailsOf(d: JobStepCompletedData): TrainingStepDetails {
  return Object.fromEntries(DETAILS.filter((k) => d[k] !== undefined).map((k) => [k, d[k]]));
}

/** Higher held-out accuracy wins, else lower held-out rmse, else lower loss; a tie keeps the earlier step. */
function isBetter(step: TrainingStepSummary, best: TrainingStepSummary): boolean {
  if (step.accuracy !== undefined && best.accuracy !== undefined) return step.accuracy > best.accuracy;
  if (step.rmse !== undefined && best.rmse !== undefined) return step.rmse < best.rmse;
  return step.loss < best.loss;
}

const completed: Evolve = (row, e) => {
  const d = e.data as JobCompletedData;
  if (isTerminalStatus(row.status)) return row;
  return { ...row, status: 'completed', result: d.result, completed_at: d.completedAt, finished_at: d.completedAt, pending_fragments: {} };
};

const failed: Evolve = (row, e) => {
  const d = e.data as JobFailedData;
  if (isTerminalStatus(row.status)) return row;
  const failure = { code: d.code, reason: d.reason, ...(d.fragment ? { fragment: d.fragment } : {}) };
  return { ...row, status: 'failed', failure, finished_at: d.failedAt, pending_fragments: {} };
};

const cancelled: Evolve = (row, e) => {
  if (isTerminalStatus(row.status)) return row;
  const at = (e.data as { cancelledAt: string }).cancelledAt;
  return { ...row, status: 'cancelled', finished_at: at, pending_fragments: {} };
};

const HANDLERS: Record<string, Evolve> = {
  [JobFragmentsPlanned.type]: planned,
  [FragmentAssigned.type]: assigned,
  [FragmentCompleted.type]: fragmentCompleted,
  [FragmentLeaseEnded.type]: leaseEnded,
  [JobStepCompleted.type]: stepCompleted,
  [JobCompleted.type]: completed,
  [JobFailed.type]: failed,
  [JobCancelled.type]: cancelled,
};

/** Every event type the jobs projection reads. */
export const jobRowEventTypes = [JobSubmitted.type, ...Object.keys(HANDLERS)];

function withoutLease(leases: Record<string, string>, leaseId: string): Record<string, string> {
  const rest = { ...leases };
  delete rest[leaseId];
  return rest;
}
