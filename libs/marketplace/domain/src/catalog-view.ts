import type { FitDataset, FitModel } from '@corex/compute';

/** A model a job may name: what it can do and what it reads, for the checks made at submission. */
export interface CatalogModelView extends FitModel {
  /** 'upload': one of the caller's own graphs (its weights are in the graph, it takes fewer params). */
  readonly origin?: 'builtin' | 'upload';
}

/**
 * What the decider needs to know of the catalog: which ids exist, what a model can do and reads
 * (feature count or input signatures, classes, objectives), and what a dataset holds (features,
 * classes, target), so a job that cannot fit is refused before the 202.
 */
export interface CatalogView {
  models: ReadonlyArray<CatalogModelView>;
  datasets: ReadonlyArray<FitDataset>;
}
