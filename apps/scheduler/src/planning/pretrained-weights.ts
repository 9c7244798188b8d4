import { loadDataset, serializeMlpWeights, trainMlp, type CatalogModel, type Dataset } from '@corex/compute';
import { standardized } from './job-data';

/** Enough rows and steps for a useful default model, trained in well under a second. */
const MAX_ROWS = 4_000;
const STEPS = 300;

const cache = new Map<string, Promise<Uint8Array>>();

/**
 * Serialized default weights of a built-in MLP: trained deterministically (fixed split, seed and
 * steps) on its home dataset, so every scheduler derives the same bytes and thus the same hash.
 */
export function pretrainedWeights(model: CatalogModel): Promise<Uint8Array> {
  let weights = cache.get(model.id);
  if (!weights) {
    weights = train(model);
    cache.set(model.id, weights);
  }
  return weights;
}

async function train(model: CatalogModel): Promise<Uint8Array> {
  if (!model.architecture || !model.dataset) throw new Error(`${model.id} has no default weights`);
  const { train: data } = standardized(loadDataset(model.dataset));
  const result = await trainMlp(firstRows(data, MAX_ROWS), { shape: model.architecture, steps: STEPS, learningRate: 0.5, seed: 1 });
  return serializeMlpWeights(result.weights);
}

function firstRows(d: Dataset, rows: number): Dataset {
  if (d.rows <= rows) return d;
  const width = d.featureNames.length;
  return { ...d, rows, features: d.features.subarray(0, rows * width), labels: d.labels.subarray(0, rows) };
}
