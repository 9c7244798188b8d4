import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { initMlpWeights, type MlpShape } from '../model/mlp-weights';
import { featureTensor, weightTensors } from '../runtime/feeds';
import { runSession } from '../runtime/session';
import { buildMlpForward } from './mlp-forward';
import { buildTrainedModel } from './trained-model';

const rows = 5;
const raw = Float32Array.from({ length: rows * 3 }, (_, i) => 10 + 4 * Math.sin(i));
const standardization = { mean: Float32Array.from([10, 11, 9]), std: Float32Array.from([2, 4, 3]) };
const standardized = raw.map((v, i) => (v - standardization.mean[i % 3]!) / standardization.std[i % 3]!);
const data = (features: Float32Array) => featureTensor({ features, rows, featureNames: ['a', 'b', 'c'] });

async function runPlain(bytes: Uint8Array, output: string): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return (await session.run({ x: new ort.Tensor('float32', raw, [rows, 3]) }))[output]!.data as Float32Array;
  } finally {
    await session.release();
  }
}

describe('buildTrainedModel', () => {
  it('gives on raw features the probabilities the forward graph gives on standardized ones', async () => {
    const shape: MlpShape = { inputs: 3, hidden: 6, classes: 3, hiddenLayers: 2 };
    const weights = { ...initMlpWeights(shape, 3), standardization };
    const exported = buildTrainedModel(weights, { featureNames: ['a', 'b', 'c'], classNames: ['x', 'y', 'z'] });
    const expected = (await runSession(buildMlpForward(shape), { x: data(standardized), ...weightTensors(weights) }))['probabilities']!.data;
    const actual = await runPlain(exported, 'probabilities');
    expect(actual).toHaveLength(rows * 3);
    actual.forEach((p, i) => expect(Math.abs(p - (expected[i] as number))).toBeLessThan(1e-5));
  });

  it('answers a regressor with prediction [N, 1], taking the standardization from the info when the weights lack it', async () => {
    const shape: MlpShape = { inputs: 3, hidden: 4, classes: 1, objective: 'regression' };
    const weights = initMlpWeights(shape, 8);
    const exported = buildTrainedModel(weights, { featureNames: ['a', 'b', 'c'], targetName: 'price', standardization });
    const expected = (await runSession(buildMlpForward(shape), { x: data(standardized), ...weightTensors(weights) }))['prediction']!;
    expect(expected.dims).toEqual([rows, 1]);
    const actual = await runPlain(exported, 'prediction');
    actual.forEach((p, i) => expect(Math.abs(p - (expected.data[i] as number))).toBeLessThan(1e-5));
  });

  it('names the features, classes and objective in metadata_props', () => {
    const weights = initMlpWeights({ inputs: 3, hidden: 2, classes: 2 }, 1);
    const model = onnx.ModelProto.decode(buildTrainedModel(weights, { featureNames: ['a', 'b', 'c'], classNames: ['no', 'yes'], source: 'job 1' }));
    const props = Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]));
    expect(props).toEqual({
      'corex.objective': 'classification',
      'corex.feature_names': '["a","b","c"]',
      'corex.class_names': '["no","yes"]',
      'corex.standardized': 'false',
      'corex.source': 'job 1',
    });
  });
});
