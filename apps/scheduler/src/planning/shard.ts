import { encodeTensorMap, labelTensor, targetTensor, type Dataset, type TensorMap } from '@corex/compute';

/** Rows [start, end) of a dataset as a tensor map blob: `x`, and with labels `y` (classes) or `t` (regression targets). */
export function shardBytes(d: Dataset, [start, end]: readonly [number, number], withLabels: boolean): Uint8Array {
  const width = d.featureNames.length;
  const tensors: TensorMap = {
    x: { data: d.features.subarray(start * width, end * width), dims: [end - start, width] },
  };
  if (withLabels && d.targets) tensors['t'] = targetTensor(d.targets.subarray(start, end));
  else if (withLabels) tensors['y'] = labelTensor(d.labels.subarray(start, end));
  return encodeTensorMap(tensors);
}
