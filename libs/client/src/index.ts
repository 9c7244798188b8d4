export { createCorexClient, type CorexClient, type CorexClientOptions } from './client';
export { CorexProblemError, isProblem, ok, type Problem } from './problem';
export { createBridgeClient, putSpec, type BridgeClient, type CrossChainTask } from './bridge';
export { followJob, jobFinished, isFinished, type Job } from './job-events';
export { followNode, type OperatorNode, type OperatorNodeEvent, type OperatorView } from './node-events';
export type { paths as MarketplacePaths, components as MarketplaceComponents, operations as MarketplaceOperations } from './generated/marketplace';
export type { paths as BridgePaths } from './generated/bridge';

import type { components } from './generated/marketplace';
/** The marketplace's named schemas, e.g. `Schemas['JobCost']`. */
export type Schemas = components['schemas'];
