import { SeededRandom } from '../random/seeded-random';
import type { Dataset } from './dataset';

/** Shape and seed of a generated Gaussian-blob dataset. */
export interface SyntheticBlobsOptions {
  readonly rows: number;
  readonly features: number;
  readonly classes: number;
  readonly seed: number;
  /** Standard deviation of each blob around its centre. Defaults to 1.5. */
  readonly spread?: number;
}

const CENTRE_RANGE = 5;

/**
 * Generates a labelled dataset of Gaussian blobs, one blob per class with its centre drawn
 * uniformly in [-5, 5] per feature. Deterministic in its options, and as large as needed, so
 * jobs can be cut into many fragments.
 */
export function generateSyntheticBlobs(options: SyntheticBlobsOptions): Dataset {
  const { rows, features: width, classes, seed, spread = 1.5 } = options;
  const random = new SeededRandom(seed);
  const centres = Array.from({ length: classes }, () =>
    Array.from({ length: width }, () => (random.next() * 2 - 1) * CENTRE_RANGE),
  );
  const features = new Float32Array(rows * width);
  const labels = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    const label = random.int(classes);
    labels[row] = label;
    for (let feature = 0; feature < width; feature++) {
      features[row * width + feature] = centres[label][feature] + random.normal() * spread;
    }
  }
  return {
    features,
    rows,
    labels,
    featureNames: Array.from({ length: width }, (_, feature) => `x${feature}`),
    classNames: Array.from({ length: classes }, (_, label) => `blob-${label}`),
  };
}
