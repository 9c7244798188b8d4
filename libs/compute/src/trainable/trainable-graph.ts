import { onnx } from 'onnx-proto';
import { ValidationError } from '@corex/platform';
import { decodeTensorMap, encodeTensorMap } from '../codecs/tensor-map-codec';
import { deserializeMlpWeights } from '../model/weights-codec';
import { weightTensors } from '../runtime/feeds';
import type { TensorMap } from '../runtime/session';

/** How a trainable graph names the gradient of a parameter. */
export const gradientName = (parameter: string): string => `grad_${parameter}`;

/** A parameter of a trainable graph: a float32 input with fixed dims and an initializer as its starting value. */
export interface TrainableParameter {
  readonly name: string;
  readonly dims: readonly number[];
}

/** What the network needs to train an uploaded graph (see docs/trainable-models.md). */
export interface TrainableGraph {
  /** `y` (int64 class indices: classification) or `t` (float32 targets: regression). */
  readonly answer: 'y' | 't';
  readonly parameters: readonly TrainableParameter[];
  /** The parameters' starting values, from their initializers. */
  readonly initial: TensorMap;
  /** The graph without the parameters' initializers, so that every run takes them as feeds. */
  readonly gradientGraph: Uint8Array;
  /** `prediction` [N, 1] or `probabilities` [N, classes] when the graph also outputs one: the network reports held-out metrics from it. */
  readonly evaluation?: 'prediction' | 'probabilities';
}

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

/**
 * Reads an uploaded ONNX graph as a trainable one, or says why it is not: inputs `x` float32
 * [N, features] and `y` int64 [N] or `t` float32 [N]; every other input a float32 parameter with
 * fixed dims and an initializer of the same name; outputs `loss` (one value) and `grad_<p>` for
 * every parameter p. Throws ValidationError MODEL.NOT_TRAINABLE naming what does not fit.
 */
export function readTrainableGraph(bytes: Uint8Array): TrainableGraph {
  const model = decodeModel(bytes);
  const graph = model.graph!;
  const inputs = new Map((graph.input ?? []).map((i) => [i.name!, i]));
  const initializers = new Map((graph.initializer ?? []).map((t) => [t.name!, t]));
  const outputs = new Set((graph.output ?? []).map((o) => o.name!));
  const problems: string[] = [];
  if (elemType(inputs.get('x')) !== FLOAT) problems.push('an input x float32 [N, features]');
  const answer = elemType(inputs.get('y')) === INT64 ? 'y' : elemType(inputs.get('t')) === FLOAT ? 't' : null;
  if (!answer) problems.push('an input y int64 [N] (class indices) or t float32 [N] (targets)');
  if (!outputs.has('loss')) problems.push('an output loss (one value)');
  const parameters: TrainableParameter[] = [];
  for (const [name, input] of inputs) {
    if (name === 'x' || name === answer) continue;
    const initializer = initializers.get(name);
    const dims = initializer?.dims?.map(Number) ?? [];
    if (!initializer || initializer.dataType !== FLOAT || elemType(input) !== FLOAT) problems.push(`input ${name} to be a float32 parameter with an initializer (its starting value)`);
    else if (!outputs.has(gradientName(name))) problems.push(`an output ${gradientName(name)} (the gradient of parameter ${name})`);
    else parameters.push({ name, dims });
  }
  if (!parameters.length && !problems.length) problems.push('at least one parameter (an input with an initializer)');
  if (problems.length) throw new ValidationError('MODEL.NOT_TRAINABLE', `a trainable graph needs ${problems.join('; ')}`, { problems });
  const initial: TensorMap = Object.fromEntries(parameters.map((p) => [p.name, { data: floatValues(initializers.get(p.name)!), dims: p.dims }]));
  const evaluation = outputs.has('prediction') ? 'prediction' : outputs.has('probabilities') ? 'probabilities' : undefined;
  return { answer: answer!, parameters, initial, gradientGraph: withInitializers(model, parameters, null), ...(evaluation ? { evaluation } : {}) };
}

/** The uploaded graph with its parameters' initializers set to trained values: the trained model, runnable anywhere. */
export function trainedGraph(bytes: Uint8Array, trained: TensorMap): Uint8Array {
  const model = decodeModel(bytes);
  const parameters = Object.keys(trained).map((name) => ({ name, dims: trained[name]!.dims }));
  return withInitializers(model, parameters, trained);
}

/**
 * The feeds a weights blob gives a graph: CXW1/CXW2 MLP weights as W1, b1, …; a tensor map
 * (the parameters of a trainable uploaded graph) as its tensors.
 */
export function weightFeedsOf(bytes: Uint8Array): TensorMap {
  const magic = Buffer.from(bytes.subarray(0, 4)).toString('ascii');
  return magic === 'CXTM' ? decodeTensorMap(bytes) : weightTensors(deserializeMlpWeights(bytes));
}

/** Encodes trainable-graph parameters as a weights blob (a tensor map). */
export const serializeParameters = (parameters: TensorMap): Uint8Array => encodeTensorMap(parameters);

function decodeModel(bytes: Uint8Array): onnx.ModelProto {
  try {
    const model = onnx.ModelProto.decode(bytes);
    if (!model.graph) throw new Error('no graph');
    return model;
  } catch (err) {
    throw new ValidationError('MODEL.NOT_TRAINABLE', `not an ONNX model: ${(err as Error).message}`);
  }
}

function elemType(input: onnx.IValueInfoProto | undefined): number | undefined {
  return input?.type?.tensorType?.elemType ?? undefined;
}

function floatValues(tensor: onnx.ITensorProto): Float32Array {
  if (tensor.rawData && tensor.rawData.length) {
    const raw = tensor.rawData;
    return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  }
  return Float32Array.from(tensor.floatData ?? []);
}

/** The model with the parameters' initializers removed (values null) or replaced by the given values. */
function withInitializers(model: onnx.ModelProto, parameters: readonly { name: string; dims: readonly number[] }[], values: TensorMap | null): Uint8Array {
  const names = new Set(parameters.map((p) => p.name));
  const graph = model.graph!;
  const kept = (graph.initializer ?? []).filter((t) => !names.has(t.name!));
  const replaced = values
    ? parameters.map((p) => {
        const data = values[p.name]!.data as Float32Array;
        return onnx.TensorProto.create({ name: p.name, dims: [...p.dims], dataType: FLOAT, rawData: Buffer.from(data.buffer, data.byteOffset, data.byteLength) });
      })
    : [];
  const copy = onnx.ModelProto.create({ ...model, graph: onnx.GraphProto.create({ ...graph, initializer: [...kept, ...replaced] }) });
  return onnx.ModelProto.encode(copy).finish();
}
