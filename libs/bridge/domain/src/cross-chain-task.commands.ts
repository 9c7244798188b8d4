import type { NewEvent, TaskStatusName, TaskVerification } from '@corex/events';
import type { SubmitCrossChainTask } from './submission';

/** A job event of the task's job, with the verification outcome a terminal status carries (default none). */
export interface ObserveJob {
  kind: 'ObserveJob';
  event: NewEvent;
  verification?: TaskVerification;
  now: Date;
}

/** The submitter asked its origin to cancel the task (TaskPortal.requestCancel's CancelRequested log, or a Solana transaction). */
export interface RequestCancel {
  kind: 'RequestCancel';
  requester: string;
  source: { kind: 'log'; txHash: string; logIndex: number } | { kind: 'solana'; signature: string; slot: number };
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

export type CrossChainTaskCommand = SubmitCrossChainTask | ObserveJob | RequestCancel | RecordStatusPublished | RecordStatusDelivered;
