import { accountsProjection } from './accounts.projection';
import { assignmentsProjection } from './assignments.projection';
import { jobStepsProjection } from './job-steps.projection';
import { jobsProjection } from './jobs.projection';
import { nodesProjection } from './nodes.projection';
import { datasetsProjection, modelsProjection } from './uploads.projection';

export * from './accounts.projection';
export * from './assignments.projection';
export * from './job-steps.projection';
export * from './jobs.projection';
export * from './nodes.projection';
export * from './uploads.projection';

export const marketplaceProjections = [
  accountsProjection,
  jobsProjection,
  nodesProjection,
  datasetsProjection,
  modelsProjection,
  assignmentsProjection,
  jobStepsProjection,
] as const;
