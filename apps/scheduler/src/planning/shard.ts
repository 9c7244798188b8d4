import { encodeTensorMap, labelTensor, type Dataset, type TensorMap } from '@corex/compute';

/** Rows [start, end) of a dataset as a tensor map blob: `x`, and `y` when labelled. */
export function shardBytes(d: Dataset, [start, end]: readonly [number, number], withLabels: boolean): Uint8Array {
  const width = d.featureNames.length;
  const tensors: TensorMap = {
    x: { data: d.features.subarray(start * width, end * width), dims: [end - start, width] },
  };
  if (withLabels) tensors['y'] = labelTensor(d.labels.subarray(start, end));
  return encodeTensorMap(tensors);
}
