import {
  JobCancelled,
  JobCompleted,
  JobFailed,
  JobFragmentsPlanned,
  JobSubmitted,
  type JobSubmittedData,
  type NewEvent,
} from '@corex/events';
import { IllegalStateError, NotFoundError, ValidationError } from '@corex/platform';
import { checkJobFit, DATASET_SIZED_MLP, parseJobParams, preprocessingParamsMisfit, type FitDataset, type FitRefusal } from '@corex/compute';
import type { CatalogModelView, CatalogView } from './catalog-view';
import { formatCxt, parseCxt } from './cxt-amount';
import { checkedVerificationPolicy } from './verification-policy';
import { terminalJobStatuses, type JobLifecycle, type JobRequest, type JobState } from './job.types';

/** Largest budget one job may reserve, as a guard against typos (1M CXT). */
export const MAX_JOB_BUDGET = 1_000_000n * 10n ** 18n;

export interface SubmitJob {
  kind: 'SubmitJob';
  jobId: string;
  accountId: string;
  request: JobRequest;
  /** Built-in entries plus the caller's own uploads: what this account may name. */
  catalog: CatalogView;
  idempotencyKey?: string;
  /** Deterministic event id (derived from the Idempotency-Key) so a retry is deduped. */
  eventId?: string;
  now: Date;
}

export interface CancelJob {
  kind: 'CancelJob';
  jobId: string;
  /** The caller: only the job's owner may cancel it, and others are told it does not exist. */
  accountId: string;
  now: Date;
}

export type JobCommand = SubmitJob | CancelJob;

const LIFECYCLE: Record<string, JobLifecycle> = {
  [JobFragmentsPlanned.type]: 'planned',
  [JobCompleted.type]: 'completed',
  [JobFailed.type]: 'failed',
  [JobCancelled.type]: 'cancelled',
};

export function initialJobState(): JobState {
  return { status: 'none' };
}

export function evolveJob(state: JobState, event: NewEvent): JobState {
  if (event.type === JobSubmitted.type) return { status: 'submitted', job: event.data as JobSubmittedData };
  const next = LIFECYCLE[event.type];
  if (!next || state.status === 'none' || isTerminal(state.status)) return state;
  return { ...state, status: next };
}

export function isTerminal(status: JobState['status']): boolean {
  return (terminalJobStatuses as readonly string[]).includes(status);
}

export function decideJob(command: JobCommand, state: JobState): NewEvent[] {
  return command.kind === 'SubmitJob' ? submit(command, state) : cancel(command, state);
}

function cancel(command: CancelJob, state: JobState): NewEvent[] {
  if (state.status === 'none' || state.job.accountId !== command.accountId) {
    throw new NotFoundError('JOB.NOT_FOUND', `job ${command.jobId} not found`);
  }
  if (isTerminal(state.status)) {
    throw new IllegalStateError('JOB.ALREADY_FINISHED', `job ${command.jobId} is already ${state.status}`, { status: state.status });
  }
  return [{ type: JobCancelled.type, data: { jobId: command.jobId, accountId: command.accountId, cancelledAt: command.now.toISOString() } }];
}

function submit(command: SubmitJob, state: JobState): NewEvent[] {
  if (state.status !== 'none') {
    throw new IllegalStateError('JOB.ALREADY_SUBMITTED', `job ${command.jobId} was already submitted`);
  }
  const { request, catalog } = command;
  const budget = parseCxt(request.budget);
  if (budget === null || budget <= 0n || budget > MAX_JOB_BUDGET) {
    throw new ValidationError('JOB.BUDGET_INVALID', 'budget must be a positive CXT amount of at most 1000000', {
      budget: request.budget,
    });
  }
  const model = catalog.models.find((m) => m.id === request.model);
  if (!model) throw new ValidationError('JOB.MODEL_UNKNOWN', `unknown model ${request.model}`, { model: request.model });
  const dataset = catalog.datasets.find((d) => d.id === request.dataset);
  if (!dataset) throw new ValidationError('JOB.DATASET_UNKNOWN', `unknown dataset ${request.dataset}`, { dataset: request.dataset });
  const misfit = checkJobFit(request.type, model, dataset);
  // A job type the model does not serve has no params schema to check against: say that first.
  if (misfit?.code === 'JOB.MODEL_TASK_UNSUPPORTED') throw refusal(misfit);
  const params = checkedParams(request, model);
  if (misfit) throw refusal(misfit);
  if (request.type === 'preprocessing' && model.origin !== 'upload') checkParamsFitData(model.id, params, dataset);
  // The dataset-sized mlp has no weights of its own: it runs those of one of the caller's training jobs.
  if (model.id === DATASET_SIZED_MLP && model.origin !== 'upload' && request.type !== 'training' && params['weights'] === undefined) {
    throw new ValidationError('JOB.WEIGHTS_REQUIRED', `${request.type} with ${DATASET_SIZED_MLP} needs params.weights: the weightsHash of one of your training jobs with it`);
  }
  const { verification, ...rest } = request;
  const policy = verification === undefined ? undefined : checkedVerificationPolicy(verification);
  const data: JobSubmittedData = {
    jobId: command.jobId,
    accountId: command.accountId,
    ...rest,
    // The params the job runs with, defaults filled in: what the job view shows.
    params: params as JobSubmittedData['params'],
    budget: formatCxt(budget),
    ...(command.idempotencyKey ? { idempotencyKey: command.idempotencyKey } : {}),
    ...(policy ? { verification: policy } : {}),
    submittedAt: command.now.toISOString(),
  };
  return [{ type: JobSubmitted.type, data, ...(command.eventId ? { id: command.eventId } : {}) }];
}

/** Params refused, never bent: JOB.PARAMS_INVALID with `errors: [{field, code, message}]` (codes: unknown, type, range). */
function checkedParams(request: JobRequest, model: CatalogModelView): Record<string, unknown> {
  const parsed = parseJobParams(request.type, { id: model.id, uploaded: model.origin === 'upload' }, request.params);
  if (parsed.ok) return parsed.params;
  const message = `params refused: ${parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`;
  throw new ValidationError('JOB.PARAMS_INVALID', message.slice(0, 500), { errors: parsed.errors });
}

/** A slicer's columns and row range, an image-augmenter's shape, against the dataset: JOB.PARAMS_INVALID like any refused param. */
function checkParamsFitData(modelId: string, params: Record<string, unknown>, dataset: FitDataset): void {
  const errors = preprocessingParamsMisfit(modelId, params, dataset);
  if (!errors.length) return;
  const message = `params refused: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`;
  throw new ValidationError('JOB.PARAMS_INVALID', message.slice(0, 500), { errors });
}

function refusal({ code, message, details }: FitRefusal): ValidationError {
  return new ValidationError(code, message, details);
}
