import {
  buildFeatureExtractor,
  buildMlpForward,
  buildMlpGradient,
  buildPreprocess,
  computeStandardization,
  encodeTensorMap,
  featureTensor,
  initMlpWeights,
  labelTensor,
  loadPenguins,
  serializeMlpWeights,
  type MlpShape,
  type MlpWeights,
  type StandardizationStats,
  type TensorData,
} from '@corex/compute';
import type { FragmentKind, FragmentTask } from '@corex/events';
import type { BlobAccess } from '../fetch-blob';

/** The kinds that run an ONNX graph over a stored shard (the others are statistics and federated phases). */
export type OnnxKind = Exclude<FragmentKind, 'statistics' | 'federated-setup' | 'federated-update' | 'federated-unmask'>;

export const PENGUIN_MLP: MlpShape = { inputs: 4, hidden: 16, classes: 3 };

/** A penguins shard and everything a fragment on it needs, stored in a real blob store. */
export interface PenguinBlobs {
  /** Raw measurements: the preprocessing input. */
  raw: { x: TensorData };
  /** Standardized features and labels: the MLP input (logits stay small enough for a 1e-5 tolerance). */
  shard: { x: TensorData; y: TensorData };
  stats: StandardizationStats;
  weights: MlpWeights;
  graphs: Record<OnnxKind, Uint8Array>;
  hashes: { raw: string; shard: string; weights: string; aux: string; graphs: Record<OnnxKind, string> };
}

/** Stores the first `rows` penguins (standardized and raw), seeded weights and the four built-in graphs. */
export async function storePenguinBlobs(blobs: BlobAccess, rows = 96): Promise<PenguinBlobs> {
  const penguins = loadPenguins();
  const width = penguins.featureNames.length;
  const stats = computeStandardization(penguins);
  const rawFeatures = penguins.features.slice(0, rows * width);
  const standardized = rawFeatures.map((value, i) => (value - stats.mean[i % width]!) / stats.std[i % width]!);
  const raw = { x: featureTensor({ features: rawFeatures, rows, featureNames: penguins.featureNames }) };
  const shard = {
    x: featureTensor({ features: standardized, rows, featureNames: penguins.featureNames }),
    y: labelTensor(penguins.labels.slice(0, rows)),
  };
  const weights = initMlpWeights(PENGUIN_MLP, 11);
  const graphs: Record<OnnxKind, Uint8Array> = {
    inference: buildMlpForward(PENGUIN_MLP),
    gradient: buildMlpGradient(PENGUIN_MLP),
    'feature-extraction': buildFeatureExtractor(PENGUIN_MLP),
    preprocessing: buildPreprocess('standardize', width),
  };
  const aux = { mean: { data: stats.mean, dims: [width] }, std: { data: stats.std, dims: [width] } };
  const graphHashes = Object.fromEntries(
    await Promise.all(Object.entries(graphs).map(async ([kind, bytes]) => [kind, await blobs.put(bytes)])),
  ) as Record<OnnxKind, string>;
  const hashes = {
    raw: await blobs.put(encodeTensorMap(raw)),
    shard: await blobs.put(encodeTensorMap(shard)),
    weights: await blobs.put(serializeMlpWeights(weights)),
    aux: await blobs.put(encodeTensorMap(aux)),
    graphs: graphHashes,
  };
  return { raw, shard, stats, weights, graphs, hashes };
}


const OUTPUTS: Record<OnnxKind, string[]> = {
  inference: ['probabilities'],
  gradient: ['dW1', 'db1', 'dW2', 'db2'],
  'feature-extraction': ['embeddings'],
  preprocessing: ['y'],
};

/** The fragment task of one kind over the stored shard, as the scheduler would assign it. */
export function penguinTask(blobs: PenguinBlobs, kind: OnnxKind): FragmentTask {
  const preprocessing = kind === 'preprocessing';
  return {
    kind,
    graphHash: blobs.hashes.graphs[kind],
    weightsHash: preprocessing ? null : blobs.hashes.weights,
    inputHash: preprocessing ? blobs.hashes.raw : blobs.hashes.shard,
    auxHash: preprocessing ? blobs.hashes.aux : null,
    outputs: OUTPUTS[kind],
    rows: blobs.shard.x.dims[0]!,
  };
}
