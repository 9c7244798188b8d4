import type { JobType } from './job.types';

/** What the decider needs to know of the catalog: which ids exist and what a model can do. */
export interface CatalogView {
  models: ReadonlyArray<{ id: string; tasks: readonly JobType[] }>;
  datasets: ReadonlyArray<{ id: string }>;
}
