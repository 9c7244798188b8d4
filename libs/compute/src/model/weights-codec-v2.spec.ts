import { ValidationError } from '@corex/platform';
import { initMlpWeights, weightsOf, parameterNames, type MlpShape } from './mlp-weights';
import { deserializeMlpWeights, serializeMlpWeights } from './weights-codec';

const standardization = { mean: Float32Array.from([1, -2, 3.5]), std: Float32Array.from([0.5, 2, 1]) };

describe('CXW2 weights (deeper networks, regression, a carried standardization)', () => {
  it('round-trips a three-hidden-layer classifier with its standardization', () => {
    const shape: MlpShape = { inputs: 3, hidden: 6, classes: 4, hiddenLayers: 3 };
    const weights = { ...initMlpWeights(shape, 2), standardization };
    const bytes = serializeMlpWeights(weights);
    expect(Buffer.from(bytes.subarray(0, 4)).toString('ascii')).toBe('CXW2');
    expect(deserializeMlpWeights(bytes)).toEqual(weights);
  });

  it('round-trips a one-hidden-layer regressor and keeps its objective', () => {
    const shape: MlpShape = { inputs: 3, hidden: 8, classes: 1, objective: 'regression' };
    const decoded = deserializeMlpWeights(serializeMlpWeights(initMlpWeights(shape, 4)));
    expect(decoded.shape).toEqual(shape);
    expect(decoded.standardization).toBeUndefined();
  });

  it('still writes CXW1 for a one-hidden-layer classifier without standardization', () => {
    const bytes = serializeMlpWeights(initMlpWeights({ inputs: 3, hidden: 2, classes: 2 }, 1));
    expect(Buffer.from(bytes.subarray(0, 4)).toString('ascii')).toBe('CXW1');
  });

  it('writes a 28-byte header, 4 bytes per parameter and 8 per standardized feature', () => {
    const shape: MlpShape = { inputs: 3, hidden: 2, classes: 1, hiddenLayers: 2, objective: 'regression' };
    const values = parameterNames(shape).map((name) => new Float32Array({ W1: 6, b1: 2, W2: 4, b2: 2, W3: 2, b3: 1 }[name as 'W1']!));
    expect(serializeMlpWeights(weightsOf(shape, values, standardization)).byteLength).toBe(28 + 4 * 17 + 8 * 3);
  });

  it('rejects a truncated blob and an unknown objective', () => {
    const bytes = serializeMlpWeights({ ...initMlpWeights({ inputs: 3, hidden: 2, classes: 2, hiddenLayers: 2 }, 1) });
    expect(() => deserializeMlpWeights(bytes.subarray(0, bytes.length - 4))).toThrow(/does not match shape/);
    const unknownObjective = Uint8Array.from(bytes);
    unknownObjective[4] = 7;
    expect(() => deserializeMlpWeights(unknownObjective)).toThrow(ValidationError);
  });
});
