import { onnx } from 'onnx-proto';
import { initMlpWeights, parameterNames, type MlpShape } from '../model/mlp-weights';
import { buildMlpGradient } from '../onnx/mlp-gradient';
import { gradientName } from '../trainable/trainable-graph';

/**
 * A graph in the trainable-upload contract, as a customer could export it: the MLP gradient
 * graph with its gradients renamed `grad_<parameter>`, its softmax output as `probabilities`, and
 * seeded starting values as initializers of its parameter inputs.
 */
export function trainableMlpGraph(shape: MlpShape, seed: number): Uint8Array {
  const model = onnx.ModelProto.decode(buildMlpGradient(shape));
  const graph = model.graph!;
  const renamed = new Map(parameterNames(shape).map((name) => [`d${name}`, gradientName(name)]));
  for (const node of graph.node ?? []) node.output = (node.output ?? []).map((o) => renamed.get(o) ?? o);
  for (const output of graph.output ?? []) output.name = renamed.get(output.name!) ?? output.name;
  // Expose the softmax the backward pass computes, so the network can report held-out accuracy.
  const softmax = graph.node!.find((node) => node.opType === 'Softmax')!.output![0]!;
  for (const node of graph.node ?? []) {
    node.input = (node.input ?? []).map((i) => (i === softmax ? 'probabilities' : i));
    node.output = (node.output ?? []).map((o) => (o === softmax ? 'probabilities' : o));
  }
  const rowsByClasses = [{ dimParam: 'N' }, { dimValue: shape.classes }];
  graph.output!.push({ name: 'probabilities', type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: rowsByClasses } } } });
  const weights = initMlpWeights(shape, seed);
  const dims = new Map((graph.input ?? []).map((i) => [i.name!, i.type!.tensorType!.shape!.dim!.map((d) => Number(d.dimValue))]));
  for (const name of parameterNames(shape)) {
    graph.initializer!.push(onnx.TensorProto.create({ name, dims: dims.get(name)!, dataType: onnx.TensorProto.DataType.FLOAT, floatData: Array.from(weights[name]) }));
  }
  return onnx.ModelProto.encode(model).finish();
}
