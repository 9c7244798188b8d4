import { accountsProjection } from './accounts.projection';
import { jobsProjection } from './jobs.projection';
import { nodesProjection } from './nodes.projection';

export * from './accounts.projection';
export * from './jobs.projection';
export * from './nodes.projection';

export const marketplaceProjections = [accountsProjection, jobsProjection, nodesProjection] as const;
