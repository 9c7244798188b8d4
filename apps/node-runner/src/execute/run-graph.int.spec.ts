import { InferenceSession } from 'onnxruntime-node';
import { buildMlpForward, decodeTensorMap, encodeTensorMap, GraphBuilder, initMlpWeights, weightTensors } from '@corex/compute';
import { toOrtTensors, fromOrtTensor } from './ort-tensors';
import { runToTensorMap } from './run-graph';

const shape = { inputs: 4, hidden: 8, classes: 3 };
const batch = (rows: number) => ({ x: { data: Float32Array.from({ length: rows * shape.inputs }, (_, i) => Math.sin(i)), dims: [rows, shape.inputs] } });

/** x [N, 2] doubled, but declaring its output as [N, 5]: a model whose metadata lies. */
function misdeclaredModel(): Uint8Array {
  const graph = new GraphBuilder('misdeclared');
  const x = graph.input('x', 'float', ['N', 2]);
  graph.op('Add', [x, x], {}, 'y');
  graph.output('y', 'float', ['N', 5]);
  return graph.toBytes();
}

describe('runToTensorMap on onnxruntime', () => {
  it('writes outputs into the encoded map with the same bytes as a plain run, for each batch size', async () => {
    const session = await InferenceSession.create(buildMlpForward(shape), { executionProviders: ['cpu'] });
    const weights = toOrtTensors(weightTensors(initMlpWeights(shape, 7)));
    for (const rows of [1, 5, 64]) {
      const feeds = { ...weights, ...toOrtTensors(batch(rows)) };
      const plain = await session.run(feeds, ['probabilities']);
      const run = await runToTensorMap(session, feeds, ['probabilities'], ['logits']);
      expect(Buffer.from(run.outputBytes).equals(Buffer.from(encodeTensorMap({ probabilities: fromOrtTensor('p', plain.probabilities!) })))).toBe(true);
      expect(Object.keys(decodeTensorMap(run.outputBytes))).toEqual(['probabilities']);
      expect(run.fetched.logits!.dims).toEqual([rows, shape.classes]);
    }
    await session.release();
  });

  it('falls back to onnxruntime-sized outputs when the declared shapes are wrong', async () => {
    const session = await InferenceSession.create(misdeclaredModel(), { executionProviders: ['cpu'] });
    const feeds = toOrtTensors({ x: { data: new Float32Array([1, 2, 3, 4, 5, 6]), dims: [3, 2] } });
    for (let attempt = 0; attempt < 2; attempt++) {
      const y = decodeTensorMap((await runToTensorMap(session, feeds, ['y'])).outputBytes).y!;
      expect(y.dims).toEqual([3, 2]);
      expect(Array.from(y.data as Float32Array)).toEqual([2, 4, 6, 8, 10, 12]);
    }
    await session.release();
  });
});
