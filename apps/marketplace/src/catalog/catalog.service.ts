import type { CatalogView } from '@corex/marketplace-domain';
import type { JobType } from '@corex/marketplace-domain';

export interface CatalogEntries {
  models: ReadonlyArray<{ id: string; tasks: readonly JobType[] } & Record<string, unknown>>;
  datasets: ReadonlyArray<{ id: string } & Record<string, unknown>>;
}

/** The models and datasets a job can name. Built-in ones now; per-account uploads join later. */
export class CatalogService {
  constructor(private readonly entries: CatalogEntries) {}

  list(): CatalogEntries {
    return this.entries;
  }

  view(): CatalogView {
    return this.entries;
  }
}
