import { accountsProjection } from './accounts.projection';
import { assignmentsProjection } from './assignments.projection';
import { fragmentVerificationsProjection } from './fragment-verifications.projection';
import { jobStepsProjection } from './job-steps.projection';
import { jobsProjection } from './jobs.projection';
import { nodeReputationProjection } from './node-reputation.projection';
import { nodeStakesProjection } from './node-stakes.projection';
import { nodeViolationsProjection } from './node-violations.projection';
import { nodesProjection } from './nodes.projection';
import { settlementProjections } from './settlement.projection';
import { datasetsProjection, modelsProjection } from './uploads.projection';
import { federationsProjection } from './federations.projection';
import { nodeLeasesProjection } from './node-leases.projection';
import { jobEndsProjection } from './job-ends.projection';
import { nodeReputationHistoryProjection } from './node-history.projection';
import { payoutRoutesProjection, rewardTransfersProjection } from './bridge-rewards.projection';

export * from './accounts.projection';
export * from './assignments.projection';
export * from './job-steps.projection';
export * from './jobs.projection';
export * from './nodes.projection';
export * from './node-stakes.projection';
export * from './fragment-verifications.projection';
export * from './node-reputation.projection';
export * from './node-violations.projection';
export * from './uploads.projection';
export * from './settlement.projection';
export * from './federations.projection';
export * from './node-leases.projection';
export * from './job-ends.projection';
export * from './node-history.projection';
export * from './bridge-rewards.projection';

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
  fragmentVerificationsProjection,
  nodeReputationProjection,
  nodeViolationsProjection,
  federationsProjection,
  nodeLeasesProjection,
  jobEndsProjection,
  nodeReputationHistoryProjection,
  payoutRoutesProjection,
  rewardTransfersProjection,
] as const;
