import type { Dataset } from '@corex/compute';

/**
 * The rows a preprocessing job reads: `params.rowRange` [start, end) of the dataset (slicer;
 * default all), then `params.copies` times over (augmenters; copy-major: all rows, then all rows
 * again), so each copy's rows draw their own seeded augmentation. Labels and targets follow their rows.
 */
export function preprocessingInput(dataset: Dataset, params: Record<string, unknown>): Dataset {
  const [start, end] = (params['rowRange'] as [number, number] | undefined) ?? [0, dataset.rows];
  const copies = typeof params['copies'] === 'number' ? params['copies'] : 1;
  if (start === 0 && end === dataset.rows && copies === 1) return dataset;
  const width = dataset.featureNames.length;
  const rows = end - start;
  const repeat = <T extends Float32Array | Int32Array>(make: (length: number) => T, source: T, per: number): T => {
    const out = make(rows * per * copies);
    for (let c = 0; c < copies; c++) out.set(source.subarray(start * per, end * per), c * rows * per);
    return out;
  };
  return {
    ...dataset,
    rows: rows * copies,
    features: repeat((n) => new Float32Array(n), dataset.features, width),
    labels: repeat((n) => new Int32Array(n), dataset.labels, 1),
    ...(dataset.targets ? { targets: repeat((n) => new Float32Array(n), dataset.targets, 1) } : {}),
  };
}

/** The feature indices `params.columns` names, in its order (default: every feature). Params are checked beforehand. */
export function selectedColumns(dataset: Dataset, params: Record<string, unknown>): number[] {
  const columns = params['columns'] as string[] | undefined;
  return columns ? columns.map((name) => dataset.featureNames.indexOf(name)) : dataset.featureNames.map((_, i) => i);
}
