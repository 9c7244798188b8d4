import {
  CrossChainCancelRequested,
  CrossChainStatusDelivered,
  CrossChainStatusPublished,
  CrossChainStatusQueued,
  CrossChainTaskRejected,
  CrossChainTaskSubmitted,
  type CrossChainStatusQueuedData,
  type TaskSource,
  type TaskStatusName,
} from '@corex/events';
import type { CrossChainTaskEvent } from './cross-chain-task.events';
import { statusRank } from './task-status';

type ChainRef = CrossChainStatusQueuedData['targetChain'];

/** One status queued for the origin chain, and how far it got. */
export interface QueuedStatus extends Omit<CrossChainStatusQueuedData, 'queuedAt'> {
  /** The home chain's publishStatus (EVM targets): its transaction and Wormhole sequence. */
  published?: { txHash: string; sequence: string };
  /** Delivery on the origin chain: a transaction hash (EVM) or a signature (Solana). */
  delivered?: { txHash?: string; signature?: string };
}

export type CrossChainTaskState =
  | { kind: 'unknown' }
  | {
      kind: 'submitted' | 'rejected';
      taskId: string;
      originChain: ChainRef;
      source: TaskSource;
      /** The job the task became, and who submitted it (absent when rejected). */
      jobId?: string;
      submitter?: string;
      /** The submitter asked to cancel (the job's cancellation brings the `cancelled` status). */
      cancelRequested?: boolean;
      /** Statuses queued for the origin, in the order they were queued (their rank rises). */
      statuses: QueuedStatus[];
    };

export const initialCrossChainTaskState = (): CrossChainTaskState => ({ kind: 'unknown' });

/** Applies one recorded event to the task's state. */
export function evolveCrossChainTask(state: CrossChainTaskState, event: CrossChainTaskEvent): CrossChainTaskState {
  switch (event.type) {
    case CrossChainTaskSubmitted.type: {
      const { taskId, originChain, source, jobId, submitter } = event.data;
      return { kind: 'submitted', taskId, originChain, source, jobId, submitter, statuses: [] };
    }
    case CrossChainTaskRejected.type: {
      const { taskId, originChain, source } = event.data;
      return { kind: 'rejected', taskId, originChain, source, statuses: [] };
    }
    case CrossChainCancelRequested.type:
      return state.kind === 'unknown' ? state : { ...state, cancelRequested: true };
    case CrossChainStatusQueued.type: {
      if (state.kind === 'unknown') return state;
      const { queuedAt: _queuedAt, ...message } = event.data;
      return { ...state, statuses: [...state.statuses, message] };
    }
    case CrossChainStatusPublished.type: {
      const { status, txHash, sequence } = event.data;
      return updateStatus(state, status, (s) => ({ ...s, published: s.published ?? { txHash, sequence } }));
    }
    case CrossChainStatusDelivered.type: {
      const { status, txHash, signature } = event.data;
      return updateStatus(state, status, (s) => ({ ...s, delivered: s.delivered ?? { txHash, signature } }));
    }
    default:
      return state;
  }
}

function updateStatus(state: CrossChainTaskState, status: TaskStatusName, update: (s: QueuedStatus) => QueuedStatus): CrossChainTaskState {
  if (state.kind === 'unknown') return state;
  return { ...state, statuses: state.statuses.map((s) => (s.status === status ? update(s) : s)) };
}

/** The status queued for the origin under this name, if any. */
export function queuedStatus(state: CrossChainTaskState, status: TaskStatusName): QueuedStatus | undefined {
  return state.kind === 'unknown' ? undefined : state.statuses.find((s) => s.status === status);
}

/** The next step of one undelivered status: publish it on the home chain, or deliver it to the origin. */
export interface OutboxEntry {
  message: Omit<QueuedStatus, 'published' | 'delivered'>;
  /** `publish`: CorexHub.publishStatus (EVM origin); `deliver`: TaskPortal.receiveStatus with the VAA of `published`, or the Solana memo/escrow transfer. */
  next: 'publish' | 'deliver';
  published?: { txHash: string; sequence: string };
}

/**
 * What a restarted bridge resends: each queued status not yet delivered, in queue order. A status
 * overtaken by a later one already delivered is left out: the origin only moves forward and would
 * refuse it. A Solana origin has no publish step (the bridge's transaction is the delivery).
 */
export function outbox(state: CrossChainTaskState): OutboxEntry[] {
  if (state.kind === 'unknown') return [];
  const deliveredRank = Math.max(0, ...state.statuses.filter((s) => s.delivered).map((s) => statusRank(s.status)));
  return state.statuses
    .filter((s) => !s.delivered && statusRank(s.status) > deliveredRank)
    .map(({ published, delivered: _delivered, ...message }) => {
      const next = published || message.targetChain.name === 'solana' ? 'deliver' : 'publish';
      return published ? { message, next, published } : { message, next };
    });
}
