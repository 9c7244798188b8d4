import { NotFoundError } from '@corex/platform';
import type { Dataset } from '../datasets/dataset';
import { builtinDatasetDefinitions } from './builtin-datasets';
import { builtinModels, type CatalogModel } from './builtin-models';

/** A dataset a job can name, as listed to clients. */
export type CatalogDataset = {
  readonly id: string;
  readonly description: string;
  readonly rows: number;
  readonly features: readonly string[];
  readonly classes?: readonly string[];
  readonly source: string;
  readonly license?: string;
  readonly synthetic: boolean;
};

/** Models and datasets available without any upload. */
export type Catalog = {
  readonly models: readonly CatalogModel[];
  readonly datasets: readonly CatalogDataset[];
};

const loaded = new Map<string, Dataset>();
let catalog: Catalog | undefined;

/**
 * The built-in catalog. Row counts, features and classes come from loading each dataset, so
 * the first call reads the files (and generates the synthetic set); later calls reuse it.
 */
export function builtinCatalog(): Catalog {
  catalog ??= { models: builtinModels, datasets: builtinDatasetDefinitions.map(describeDataset) };
  return catalog;
}

/** The catalog model with this id, if any. */
export function findModel(id: string): CatalogModel | undefined {
  return builtinCatalog().models.find((model) => model.id === id);
}

/** The catalog dataset with this id, if any. */
export function findDataset(id: string): CatalogDataset | undefined {
  return builtinCatalog().datasets.find((dataset) => dataset.id === id);
}

/** The data of a built-in dataset, loaded once per process. Throws NotFoundError for an unknown id. */
export function loadDataset(id: string): Dataset {
  const cached = loaded.get(id);
  if (cached) return cached;
  const definition = builtinDatasetDefinitions.find((candidate) => candidate.id === id);
  if (!definition) throw new NotFoundError('COMPUTE.DATASET_UNKNOWN', `unknown dataset ${id}`, { dataset: id });
  const dataset = definition.load();
  loaded.set(id, dataset);
  return dataset;
}

function describeDataset(definition: (typeof builtinDatasetDefinitions)[number]): CatalogDataset {
  const data = loadDataset(definition.id);
  return {
    id: definition.id,
    description: definition.description,
    rows: data.rows,
    features: data.featureNames,
    classes: data.classNames,
    source: definition.source(),
    ...(definition.license ? { license: definition.license } : {}),
    synthetic: definition.synthetic,
  };
}
