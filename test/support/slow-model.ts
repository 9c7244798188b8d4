import { onnx } from 'onnx-proto';

/**
 * An ONNX model that takes a known, real amount of CPU per row: x [N, features] goes through
 * `layers` MatMuls with a `width × width` matrix, then is summed to `score` [N, 1]. Lets a test
 * catch a node in the middle of a fragment without any artificial delay in the node.
 */
export function buildSlowModel(features: number, width: number, layers: number): Uint8Array {
  const { DataType } = onnx.TensorProto;
  const float = (name: string, values: number[], dims: number[]) => ({ name, dims, dataType: DataType.FLOAT, floatData: values });
  const initializer = [
    float('A', new Array(features * width).fill(1 / features), [features, width]),
    float('W', new Array(width * width).fill(1 / width), [width, width]),
    { name: 'axes', dims: [1], dataType: DataType.INT64, int64Data: [1] },
  ];
  const node: onnx.INodeProto[] = [{ opType: 'MatMul', input: ['x', 'A'], output: ['h0'] }];
  for (let i = 0; i < layers; i++) node.push({ opType: 'MatMul', input: [`h${i}`, 'W'], output: [`h${i + 1}`] });
  node.push({
    opType: 'ReduceSum',
    input: [`h${layers}`, 'axes'],
    output: ['score'],
    attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
  });
  const info = (name: string, dims: (number | string)[]) => ({
    name,
    type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'corex-tests',
    opsetImport: [{ domain: '', version: 13 }],
    graph: { name: 'slow', node, initializer, input: [info('x', ['N', features])], output: [info('score', ['N', 1])] },
  });
  return onnx.ModelProto.encode(model).finish();
}
