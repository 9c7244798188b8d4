import {
  NodeBenchmarked,
  NodeRegistered,
  type NewEvent,
  type NodeBenchmarkedData,
  type NodeRegisteredData,
} from '@corex/events';

export type NodeRegisteredEvent = NewEvent<typeof NodeRegistered.type, NodeRegisteredData>;
export type NodeBenchmarkedEvent = NewEvent<typeof NodeBenchmarked.type, NodeBenchmarkedData>;

/** Every event of the node aggregate. */
export type NodeEvent = NodeRegisteredEvent | NodeBenchmarkedEvent;
