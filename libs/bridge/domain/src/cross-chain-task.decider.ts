import {
  CrossChainStatusDelivered,
  CrossChainStatusPublished,
  CrossChainStatusQueued,
  CrossChainTaskRejected,
  CrossChainTaskSubmitted,
  JobCancelled,
  JobCompleted,
  JobFailed,
  JobFragmentsPlanned,
  JobSubmitted,
  type JobCompletedData,
  type NewEvent,
  type TaskSource,
  type TaskStatusName,
  type TaskVerification,
} from '@corex/events';
import { deterministicId, IllegalStateError, NotFoundError } from '@corex/platform';
import { chainRef } from './chains';
import { bridgeErrorCodes } from './errors';
import type { CrossChainStatusQueuedEvent, CrossChainTaskEvent } from './cross-chain-task.events';
import { queuedStatus, type CrossChainTaskState } from './cross-chain-task.state';
import { checkSubmission, crossChainJobId, type SubmitCrossChainTask } from './submission';
import { hashToBytes32, isTerminal, statusRank, ZERO_HASH } from './task-status';

/** A job event of the task's job, with the verification outcome a terminal status carries (default none). */
export interface ObserveJob {
  kind: 'ObserveJob';
  event: NewEvent;
  verification?: TaskVerification;
  now: Date;
}
/** CorexHub.publishStatus was mined for this status. */
export interface RecordStatusPublished {
  kind: 'RecordStatusPublished';
  status: TaskStatusName;
  txHash: string;
  sequence: string;
  now: Date;
}
/** The status landed on the origin chain. */
export interface RecordStatusDelivered {
  kind: 'RecordStatusDelivered';
  status: TaskStatusName;
  txHash?: string;
  signature?: string;
  now: Date;
}
export type CrossChainTaskCommand = SubmitCrossChainTask | ObserveJob | RecordStatusPublished | RecordStatusDelivered;

/**
 * The cross-chain task: a verified task enters the network once (or is rejected, its escrow refunded
 * by a `failed` status); its job's events send back accepted, running and exactly one terminal status,
 * in that order; publication and delivery of each are recorded once.
 */
export function decideCrossChainTask(command: CrossChainTaskCommand, state: CrossChainTaskState): CrossChainTaskEvent[] {
  switch (command.kind) {
    case 'SubmitCrossChainTask':
      return submit(command, state);
    case 'ObserveJob':
      return observeJob(command, state);
    case 'RecordStatusPublished':
      return recordPublished(command, state);
    case 'RecordStatusDelivered':
      return recordDelivered(command, state);
  }
}

function sameSource(a: TaskSource, b: TaskSource): boolean {
  return a.kind === 'vaa' && b.kind === 'vaa' ? a.vaaHash.toLowerCase() === b.vaaHash.toLowerCase() : a.kind === 'solana' && b.kind === 'solana' && a.signature === b.signature;
}

function submit(command: SubmitCrossChainTask, state: CrossChainTaskState): CrossChainTaskEvent[] {
  const { taskId, source, now } = command;
  if (state.kind !== 'unknown') {
    // The same VAA or transaction seen again (a rescan after a restart) was already decided.
    if (sameSource(state.source, source)) return [];
    throw new IllegalStateError(bridgeErrorCodes.DUPLICATE_TASK, `task ${taskId} already entered the network`, { taskId });
  }
  const { chain, rejection } = checkSubmission(command);
  const originChain = chainRef(chain);
  if (rejection) {
    const rejected: CrossChainTaskEvent = {
      id: deterministicId(CrossChainTaskRejected.type, taskId),
      type: CrossChainTaskRejected.type,
      data: { taskId, originChain, source, code: rejection.code, reason: rejection.reason, rejectedAt: now.toISOString() },
    };
    return [rejected, queued(taskId, originChain, 'failed', 'none', undefined, now)];
  }
  const { submitter, token, escrow, specHash, spec, accountId } = command;
  return [
    {
      id: deterministicId(CrossChainTaskSubmitted.type, taskId),
      type: CrossChainTaskSubmitted.type,
      data: {
        taskId,
        originChain,
        source,
        submitter,
        token,
        escrow: escrow.toString(),
        specHash: specHash.toLowerCase(),
        ...(spec === undefined ? {} : { spec }),
        jobId: crossChainJobId(chain.wormholeChainId, taskId),
        accountId,
        receivedAt: now.toISOString(),
      },
    },
  ];
}

/** The status a job event sends back, if any. */
function statusOf(event: NewEvent): { status: TaskStatusName; result?: JobCompletedData['result'] } | undefined {
  switch (event.type) {
    case JobSubmitted.type:
      return { status: 'accepted' };
    case JobFragmentsPlanned.type:
      return { status: 'running' };
    case JobCompleted.type:
      return { status: 'completed', result: (event.data as JobCompletedData).result };
    case JobFailed.type:
      return { status: 'failed' };
    case JobCancelled.type:
      return { status: 'cancelled' };
    default:
      return undefined;
  }
}

function observeJob({ event, verification, now }: ObserveJob, state: CrossChainTaskState): CrossChainTaskEvent[] {
  if (state.kind !== 'submitted' || (event.data as { jobId?: string }).jobId !== state.jobId) return [];
  const next = statusOf(event);
  if (!next) return [];
  const highest = Math.max(0, ...state.statuses.map((s) => statusRank(s.status)));
  // Forward only, each status once, one terminal: a late or repeated job event sends nothing.
  if (statusRank(next.status) <= highest) return [];
  const outcome = isTerminal(next.status) ? (verification ?? 'none') : 'none';
  return [queued(state.taskId, state.originChain, next.status, outcome, next.result, now)];
}

function queued(
  taskId: string,
  targetChain: CrossChainStatusQueuedEvent['data']['targetChain'],
  status: TaskStatusName,
  verification: TaskVerification,
  result: JobCompletedData['result'] | undefined,
  now: Date,
): CrossChainStatusQueuedEvent {
  return {
    id: deterministicId(CrossChainStatusQueued.type, taskId, status),
    type: CrossChainStatusQueued.type,
    data: {
      taskId,
      targetChain,
      status,
      verification,
      resultHash: result ? hashToBytes32(result.resultHash) : ZERO_HASH,
      weightsHash: result ? hashToBytes32(result.weightsHash) : ZERO_HASH,
      queuedAt: now.toISOString(),
    },
  };
}

function mustBeQueued(state: CrossChainTaskState, status: TaskStatusName) {
  if (state.kind === 'unknown') throw new NotFoundError(bridgeErrorCodes.UNKNOWN_TASK, 'no such cross-chain task');
  const message = queuedStatus(state, status);
  if (!message) throw new IllegalStateError(bridgeErrorCodes.STATUS_NOT_QUEUED, `status ${status} of task ${state.taskId} was never queued`, { status });
  return { taskId: state.taskId, message };
}

function recordPublished({ status, txHash, sequence, now }: RecordStatusPublished, state: CrossChainTaskState): CrossChainTaskEvent[] {
  const { taskId, message } = mustBeQueued(state, status);
  if (message.published) return [];
  const data = { taskId, status, txHash: txHash.toLowerCase(), sequence, publishedAt: now.toISOString() };
  return [{ id: deterministicId(CrossChainStatusPublished.type, taskId, status), type: CrossChainStatusPublished.type, data }];
}

function recordDelivered({ status, txHash, signature, now }: RecordStatusDelivered, state: CrossChainTaskState): CrossChainTaskEvent[] {
  const { taskId, message } = mustBeQueued(state, status);
  if (message.delivered) return [];
  const proof = txHash ? { txHash: txHash.toLowerCase() } : signature ? { signature } : {};
  const data = { taskId, status, ...proof, deliveredAt: now.toISOString() };
  return [{ id: deterministicId(CrossChainStatusDelivered.type, taskId, status), type: CrossChainStatusDelivered.type, data }];
}
