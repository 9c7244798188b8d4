import { CrossChainStatusDelivered, CrossChainStatusPublished, type TaskStatusName } from '@corex/events';
import { deterministicId, IllegalStateError, NotFoundError } from '@corex/platform';
import type { RecordStatusDelivered, RecordStatusPublished } from './cross-chain-task.commands';
import type { CrossChainTaskEvent } from './cross-chain-task.events';
import { queuedStatus, type CrossChainTaskState } from './cross-chain-task.state';
import { bridgeErrorCodes } from './errors';

function mustBeQueued(state: CrossChainTaskState, status: TaskStatusName) {
  if (state.kind === 'unknown') throw new NotFoundError(bridgeErrorCodes.UNKNOWN_TASK, 'no such cross-chain task');
  const message = queuedStatus(state, status);
  if (!message) throw new IllegalStateError(bridgeErrorCodes.STATUS_NOT_QUEUED, `status ${status} of task ${state.taskId} was never queued`, { status });
  return { taskId: state.taskId, message };
}

/** Records the home chain's publishStatus of a queued status, once. */
export function recordPublished({ status, txHash, sequence, now }: RecordStatusPublished, state: CrossChainTaskState): CrossChainTaskEvent[] {
  const { taskId, message } = mustBeQueued(state, status);
  if (message.published) return [];
  const data = { taskId, status, txHash: txHash.toLowerCase(), sequence, publishedAt: now.toISOString() };
  return [{ id: deterministicId(CrossChainStatusPublished.type, taskId, status), type: CrossChainStatusPublished.type, data }];
}

/** Records a status's arrival on the origin chain, once: delivering an already-delivered status again decides nothing. */
export function recordDelivered({ status, txHash, signature, now }: RecordStatusDelivered, state: CrossChainTaskState): CrossChainTaskEvent[] {
  const { taskId, message } = mustBeQueued(state, status);
  if (message.delivered) return [];
  const proof = txHash ? { txHash: txHash.toLowerCase() } : signature ? { signature } : {};
  const data = { taskId, status, ...proof, deliveredAt: now.toISOString() };
  return [{ id: deterministicId(CrossChainStatusDelivered.type, taskId, status), type: CrossChainStatusDelivered.type, data }];
}
