import { accountsProjection } from './accounts.projection';
import { assignmentsProjection } from './assignments.projection';
import { jobStepsProjection } from './job-steps.projection';
import { jobsProjection } from './jobs.projection';
import { nodeStakesProjection } from './node-stakes.projection';
import { nodesProjection } from './nodes.projection';
import { settlementProjections } from './settlement.projection';
import { datasetsProjection, modelsProjection } from './uploads.projection';

export * from './accounts.projection';
export * from './assignments.projection';
export * from './job-steps.projection';
export * from './jobs.projection';
export * from './nodes.projection';
export * from './node-stakes.projection';
export * from './uploads.projection';
export * from './settlement.projection';

export const marketplaceProjections = [
  accountsProjection,
  jobsProjection,
  nodesProjection,
  nodeStakesProjection,
  datasetsProjection,
  modelsProjection,
  assignmentsProjection,
  jobStepsProjection,
  ...settlementProjections,
] as const;
