import { decodeTensorMap, encodeTensorMap, openSession, readTrainableGraph, type Dataset, type TensorMap } from '@corex/compute';
import { trainableMlpGraph } from '../../../../libs/compute/src/testing/trainable-mlp';
import type { BlobReader } from '../runtime/recent-results';
import { completeTrainableStep } from './trainable-step';

/** Gradient results as nodes store them, readable by hash. */
function storedResults(results: Record<string, TensorMap>): BlobReader {
  return { get: async (hash: string) => (results[hash] ? encodeTensorMap(results[hash]!) : null) };
}

const sgd = (learningRate: number) => ({ optimizer: 'sgd' as const, learningRate, aggregation: { rule: 'mean' as const } });
const f32 = (values: number[], dims: number[]) => ({ data: Float32Array.from(values), dims });

describe('completeTrainableStep', () => {
  const shape = { inputs: 2, hidden: 2, classes: 2 };
  const graph = readTrainableGraph(trainableMlpGraph(shape, 1));
  const job = { graphHash: 'g', gradientHash: 'h', parameters: graph.parameters, evaluation: graph.evaluation };
  const parameters: TensorMap = {
    W1: f32([1, 0, 0, 1], [2, 2]),
    b1: f32([0, 0], [2]),
    W2: f32([1, -1, -1, 1], [2, 2]),
    b2: f32([0, 0], [2]),
  };
  const gradients = (scale: number, loss: number): TensorMap => ({
    loss: f32([loss], []),
    grad_W1: f32([scale, 0, 0, scale], [2, 2]),
    grad_b1: f32([scale, scale], [2]),
    grad_W2: f32([0, scale, scale, 0], [2, 2]),
    grad_b2: f32([scale, -scale], [2]),
  });
  const heldOut: Dataset = {
    features: Float32Array.from([2, 0, 0, 2, 3, 1]),
    rows: 3,
    featureNames: ['a', 'b'],
    labels: Int32Array.from([0, 1, 0]),
    classNames: ['no', 'yes'],
  };

  it('given two shards of 1 and 3 rows, steps every parameter by the row-weighted mean gradient and reports the weighted loss and held-out accuracy', async () => {
    const blobs = storedResults({ s1: gradients(4, 2), s2: gradients(0, 1) });
    const parts = [
      { rowRange: [0, 1] as [number, number], resultHash: 's1' },
      { rowRange: [1, 4] as [number, number], resultHash: 's2' },
    ];
    const session = await openSession(graph.gradientGraph);
    const outcome = await completeTrainableStep(blobs, parts, encodeTensorMap(parameters), sgd(0.5), null, job, heldOut, session);
    await session.release();
    // Mean gradient: (1·4 + 3·0) / 4 = 1 where the shard said 4; times learning rate 0.5.
    const next = decodeTensorMap(outcome.weightsBytes);
    expect(Array.from(next['W1']!.data as Float32Array)).toEqual([0.5, 0, 0, 0.5]);
    expect(Array.from(next['b2']!.data as Float32Array)).toEqual([-0.5, 0.5]);
    expect(outcome.loss).toBeCloseTo((1 * 2 + 3 * 1) / 4, 6);
    // Rows (2,0) and (3,1) favour class 0, (0,2) class 1: the labels, so every held-out row is right.
    expect(outcome.metrics).toEqual({ accuracy: 1 });
  });

  it('given a graph with no probabilities or prediction output, reports no held-out metric', async () => {
    const blobs = storedResults({ s1: gradients(1, 1) });
    const session = await openSession(graph.gradientGraph);
    const outcome = await completeTrainableStep(blobs, [{ rowRange: [0, 2], resultHash: 's1' }], encodeTensorMap(parameters), sgd(1), null, { ...job, evaluation: undefined }, heldOut, session);
    await session.release();
    expect(outcome.metrics).toEqual({});
  });
});
