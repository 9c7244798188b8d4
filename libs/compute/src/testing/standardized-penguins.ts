import { splitDataset, type Dataset, type DatasetSplit } from '../datasets/dataset';
import { loadPenguins } from '../datasets/penguins';
import { computeStandardization, type StandardizationStats } from '../datasets/statistics';
import { buildPreprocess } from '../onnx/preprocess';
import { featureTensor } from '../runtime/feeds';
import { runSession } from '../runtime/session';

/** Test fixture: penguins split with seed 7, both halves standardized by the ONNX graph. */
export async function standardizedPenguins(): Promise<DatasetSplit> {
  const { train, heldOut } = splitDataset(loadPenguins(), 7);
  const stats = computeStandardization(train);
  return { train: await standardize(train, stats), heldOut: await standardize(heldOut, stats) };
}

async function standardize(dataset: Dataset, stats: StandardizationStats): Promise<Dataset> {
  const width = dataset.featureNames.length;
  const { y } = await runSession(buildPreprocess('standardize', width), {
    x: featureTensor(dataset),
    mean: { data: stats.mean, dims: [width] },
    std: { data: stats.std, dims: [width] },
  });
  return { ...dataset, features: y.data as Float32Array };
}
