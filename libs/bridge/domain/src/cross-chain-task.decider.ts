import { CrossChainTaskRejected, CrossChainTaskSubmitted, type TaskSource } from '@corex/events';
import { deterministicId, IllegalStateError } from '@corex/platform';
import { chainRef } from './chains';
import type { CrossChainTaskCommand } from './cross-chain-task.commands';
import { recordDelivered, recordPublished } from './cross-chain-task.delivery';
import type { CrossChainTaskEvent } from './cross-chain-task.events';
import { observeJob, queued, requestCancel } from './cross-chain-task.progress';
import type { CrossChainTaskState } from './cross-chain-task.state';
import { bridgeErrorCodes } from './errors';
import { checkSubmission, crossChainJobId, type SubmitCrossChainTask } from './submission';

/**
 * The cross-chain task: a verified task enters the network once (or is rejected, its escrow refunded
 * by a `failed` status); its job's events send back accepted, running and exactly one terminal status,
 * in that order; a cancel request from its submitter is carried once; publication and delivery of
 * each status are recorded once.
 */
export function decideCrossChainTask(command: CrossChainTaskCommand, state: CrossChainTaskState): CrossChainTaskEvent[] {
  switch (command.kind) {
    case 'SubmitCrossChainTask':
      return submit(command, state);
    case 'ObserveJob':
      return observeJob(command, state);
    case 'RequestCancel':
      return requestCancel(command, state);
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
    return [rejected, queued({ taskId, originChain }, 'failed', 'none', undefined, now)];
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
