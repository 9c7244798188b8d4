import { onnx } from 'onnx-proto';
import { ValidationError } from '@corex/platform';
import { encodeTensorMap } from '../codecs/tensor-map-codec';
import { initMlpWeights } from '../model/mlp-weights';
import { serializeMlpWeights } from '../model/weights-codec';
import { buildMlpForward } from '../onnx/mlp-forward';
import { buildMlpGradient } from '../onnx/mlp-gradient';
import { labelTensor, weightTensors } from '../runtime/feeds';
import { runSession } from '../runtime/session';
import { trainableMlpGraph } from '../testing/trainable-mlp';
import { readTrainableGraph, trainedGraph, weightFeedsOf } from './trainable-graph';

const shape = { inputs: 3, hidden: 4, classes: 2 };
const x = { data: Float32Array.from({ length: 15 }, (_, i) => Math.cos(i)), dims: [5, 3] };
const y = labelTensor(Int32Array.from([0, 1, 1, 0, 1]));

describe('readTrainableGraph', () => {
  it('given a graph in the contract, finds its answer input, parameters and starting values', () => {
    const trainable = readTrainableGraph(trainableMlpGraph(shape, 3));
    expect(trainable.answer).toBe('y');
    expect(trainable.parameters).toEqual([
      { name: 'W1', dims: [3, 4] },
      { name: 'b1', dims: [4] },
      { name: 'W2', dims: [4, 2] },
      { name: 'b2', dims: [2] },
    ]);
    expect(trainable.initial['W1']!.data).toEqual(initMlpWeights(shape, 3).W1);
  });

  it('strips the starting values from the gradient graph, so fed parameters are the ones used', async () => {
    const trainable = readTrainableGraph(trainableMlpGraph(shape, 3));
    const other = initMlpWeights(shape, 9);
    const fed = await runSession(trainable.gradientGraph, { x, y, ...weightTensors(other) });
    const reference = await runSession(buildMlpGradient(shape), { x, y, ...weightTensors(other) });
    expect(fed['loss']!.data[0]).toBeCloseTo(reference['loss']!.data[0] as number, 6);
    expect(fed['grad_W1']!.data).toEqual(reference['dW1']!.data);
  });

  it('given a plain inference graph, refuses it with MODEL.NOT_TRAINABLE naming what is missing', () => {
    expect(() => readTrainableGraph(buildMlpForward(shape))).toThrow(ValidationError);
    expect(() => readTrainableGraph(buildMlpForward(shape))).toThrow(/input y int64 \[N\].*output loss.*input W1 to be a float32 parameter with an initializer/);
  });

  it('given the gradient graph without initializers, asks for starting values', () => {
    expect(() => readTrainableGraph(buildMlpGradient(shape))).toThrow(/W1 to be a float32 parameter with an initializer/);
  });
});

describe('trainedGraph', () => {
  it('sets the parameters to trained values, so the graph runs with them and no feeds', async () => {
    const trained = initMlpWeights(shape, 11);
    const bytes = trainedGraph(trainableMlpGraph(shape, 3), weightTensors(trained));
    const initializers = onnx.ModelProto.decode(bytes).graph!.initializer!.filter((t) => ['W1', 'b1', 'W2', 'b2'].includes(t.name!));
    expect(initializers).toHaveLength(4);
    const withDefaults = await runSession(bytes, { x, y });
    const reference = await runSession(buildMlpGradient(shape), { x, y, ...weightTensors(trained) });
    expect(withDefaults['loss']!.data[0]).toBeCloseTo(reference['loss']!.data[0] as number, 6);
  });
});

describe('weightFeedsOf', () => {
  it('reads MLP weights and tensor-map parameters alike', () => {
    const weights = initMlpWeights(shape, 1);
    expect(Object.keys(weightFeedsOf(serializeMlpWeights(weights)))).toEqual(['W1', 'b1', 'W2', 'b2']);
    expect(weightFeedsOf(encodeTensorMap({ kernel: { data: Float32Array.from([1, 2]), dims: [2] } }))['kernel']!.dims).toEqual([2]);
  });
});

describe('readTrainableGraph evaluation', () => {
  it('given a graph that also outputs probabilities, lets the network judge held-out accuracy with it', () => {
    expect(readTrainableGraph(trainableMlpGraph(shape, 3)).evaluation).toBe('probabilities');
  });
});
