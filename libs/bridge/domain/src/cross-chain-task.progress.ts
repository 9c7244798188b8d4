import {
  CrossChainCancelRequested,
  CrossChainStatusQueued,
  JobCancelled,
  JobCompleted,
  JobFailed,
  JobFragmentsPlanned,
  JobSubmitted,
  type JobCompletedData,
  type NewEvent,
  type TaskStatusName,
  type TaskVerification,
} from '@corex/events';
import { deterministicId, ForbiddenError, NotFoundError } from '@corex/platform';
import type { ObserveJob, RequestCancel } from './cross-chain-task.commands';
import type { CrossChainStatusQueuedEvent, CrossChainTaskEvent } from './cross-chain-task.events';
import type { CrossChainTaskState } from './cross-chain-task.state';
import { bridgeErrorCodes } from './errors';
import { universalAccount } from './submission';
import { hashToBytes32, isTerminal, statusRank, ZERO_HASH } from './task-status';

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

const highestRank = (state: Extract<CrossChainTaskState, { statuses: unknown }>) => Math.max(0, ...state.statuses.map((s) => statusRank(s.status)));

/** Queues the status a job event means, if it moves the task forward. */
export function observeJob({ event, verification, now }: ObserveJob, state: CrossChainTaskState): CrossChainTaskEvent[] {
  if (state.kind !== 'submitted' || (event.data as { jobId?: string }).jobId !== state.jobId) return [];
  const next = statusOf(event);
  // Forward only, each status once, one terminal: a late or repeated job event sends nothing.
  if (!next || statusRank(next.status) <= highestRank(state)) return [];
  const outcome = isTerminal(next.status) ? (verification ?? 'none') : 'none';
  return [queued(state, next.status, outcome, next.result, now)];
}

/** Carries the submitter's cancel request once, while the task has no terminal status. */
export function requestCancel({ requester, source, now }: RequestCancel, state: CrossChainTaskState): CrossChainTaskEvent[] {
  if (state.kind === 'unknown') throw new NotFoundError(bridgeErrorCodes.UNKNOWN_TASK, 'no such cross-chain task');
  if (state.kind === 'rejected' || state.cancelRequested || highestRank(state) === 3) return [];
  if (universalAccount(requester) !== universalAccount(state.submitter ?? '')) {
    throw new ForbiddenError(bridgeErrorCodes.NOT_SUBMITTER, `only the task's submitter may cancel it`, { taskId: state.taskId });
  }
  const data = { taskId: state.taskId, requester, source, requestedAt: now.toISOString() };
  return [{ id: deterministicId(CrossChainCancelRequested.type, state.taskId), type: CrossChainCancelRequested.type, data }];
}

/** A status message for the task's origin. */
export function queued(
  task: { taskId: string; originChain: CrossChainStatusQueuedEvent['data']['targetChain'] },
  status: TaskStatusName,
  verification: TaskVerification,
  result: JobCompletedData['result'] | undefined,
  now: Date,
): CrossChainStatusQueuedEvent {
  return {
    id: deterministicId(CrossChainStatusQueued.type, task.taskId, status),
    type: CrossChainStatusQueued.type,
    data: {
      taskId: task.taskId,
      targetChain: task.originChain,
      status,
      verification,
      resultHash: result ? hashToBytes32(result.resultHash) : ZERO_HASH,
      weightsHash: result ? hashToBytes32(result.weightsHash) : ZERO_HASH,
      queuedAt: now.toISOString(),
    },
  };
}
