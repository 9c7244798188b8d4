import type {
  CrossChainCancelRequested,
  CrossChainCancelRequestedData,
  CrossChainStatusDelivered,
  CrossChainStatusDeliveredData,
  CrossChainStatusPublished,
  CrossChainStatusPublishedData,
  CrossChainStatusQueued,
  CrossChainStatusQueuedData,
  CrossChainTaskRejected,
  CrossChainTaskRejectedData,
  CrossChainTaskSubmitted,
  CrossChainTaskSubmittedData,
  NewEvent,
} from '@corex/events';

export type CrossChainTaskSubmittedEvent = NewEvent<typeof CrossChainTaskSubmitted.type, CrossChainTaskSubmittedData>;
export type CrossChainTaskRejectedEvent = NewEvent<typeof CrossChainTaskRejected.type, CrossChainTaskRejectedData>;
export type CrossChainCancelRequestedEvent = NewEvent<typeof CrossChainCancelRequested.type, CrossChainCancelRequestedData>;
export type CrossChainStatusQueuedEvent = NewEvent<typeof CrossChainStatusQueued.type, CrossChainStatusQueuedData>;
export type CrossChainStatusPublishedEvent = NewEvent<typeof CrossChainStatusPublished.type, CrossChainStatusPublishedData>;
export type CrossChainStatusDeliveredEvent = NewEvent<typeof CrossChainStatusDelivered.type, CrossChainStatusDeliveredData>;

/** Every event of the cross-chain task aggregate (subject `cross-chain-task.<taskId>`). */
export type CrossChainTaskEvent =
  | CrossChainTaskSubmittedEvent
  | CrossChainTaskRejectedEvent
  | CrossChainCancelRequestedEvent
  | CrossChainStatusQueuedEvent
  | CrossChainStatusPublishedEvent
  | CrossChainStatusDeliveredEvent;
