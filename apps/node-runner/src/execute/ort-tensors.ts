import { Tensor } from 'onnxruntime-node';
import type { TensorData, TensorMap } from '@corex/compute';

/** Named onnxruntime tensors, as a session takes and returns them. */
export type OrtTensorMap = Record<string, Tensor>;

/** Wraps plain tensor data for onnxruntime without copying it. */
export function toOrtTensor({ data, dims }: TensorData): Tensor {
  return data instanceof BigInt64Array ? new Tensor('int64', data, dims) : new Tensor('float32', data, dims);
}

export function toOrtTensors(tensors: TensorMap): OrtTensorMap {
  return Object.fromEntries(Object.entries(tensors).map(([name, tensor]) => [name, toOrtTensor(tensor)]));
}

/** Plain data of an onnxruntime output (float32 and int64 only: the tensor-map format's types). */
export function fromOrtTensor(name: string, tensor: Tensor): TensorData {
  const { data, dims } = tensor;
  if (!(data instanceof Float32Array || data instanceof BigInt64Array)) {
    throw new TypeError(`output "${name}" has type ${tensor.type}; only float32 and int64 outputs can be returned`);
  }
  return { data, dims };
}
