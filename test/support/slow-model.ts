import { GraphBuilder } from '@corex/compute';

/**
 * An ONNX model that takes a known, real amount of CPU per row: x [N, features] goes through
 * `layers` MatMuls with a `width × width` matrix, then is summed to `score` [N, 1]. Lets a test
 * catch a node in the middle of a fragment without any artificial delay in the node.
 */
export function buildSlowModel(features: number, width: number, layers: number): Uint8Array {
  const graph = new GraphBuilder('slow');
  const x = graph.input('x', 'float', ['N', features]);
  const a = graph.floatConstant('A', new Array(features * width).fill(1 / features), [features, width]);
  const w = graph.floatConstant('W', new Array(width * width).fill(1 / width), [width, width]);
  let h = graph.op('MatMul', [x, a]);
  for (let i = 0; i < layers; i++) h = graph.op('MatMul', [h, w]);
  graph.op('ReduceSum', [h, graph.int64Constant('axes', [1])], { keepdims: 1 }, 'score');
  graph.output('score', 'float', ['N', 1]);
  return graph.toBytes();
}
