import { ValidationError } from '@corex/platform';
import { initMlpWeights } from './mlp-weights';
import { deserializeMlpWeights, serializeMlpWeights } from './weights-codec';

const shape = { inputs: 4, hidden: 16, classes: 3 };

function standardDeviation(values: Float32Array): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

describe('initMlpWeights', () => {
  it('gives the same weights for the same seed and different ones for another seed', () => {
    expect(initMlpWeights(shape, 1)).toEqual(initMlpWeights(shape, 1));
    expect(initMlpWeights(shape, 1).W1).not.toEqual(initMlpWeights(shape, 2).W1);
  });

  it('scales W1 by He (std √(2/inputs)), bounds W2 by Xavier and zeroes the biases', () => {
    const wide = { inputs: 200, hidden: 300, classes: 10 };
    const weights = initMlpWeights(wide, 3);
    expect(standardDeviation(weights.W1) / Math.sqrt(2 / 200)).toBeCloseTo(1, 1);
    const limit = Math.sqrt(6 / (300 + 10));
    expect(weights.W2.every((w) => Math.abs(w) <= limit)).toBe(true);
    expect(standardDeviation(weights.W2) / (limit / Math.sqrt(3))).toBeCloseTo(1, 1);
    expect(weights.b1.every((b) => b === 0) && weights.b2.every((b) => b === 0)).toBe(true);
  });

  it('rejects a non-positive layer size', () => {
    expect(() => initMlpWeights({ ...shape, hidden: 0 }, 1)).toThrow(ValidationError);
  });
});

describe('weights codec', () => {
  const weights = initMlpWeights(shape, 5);
  weights.b2.set([0.5, -1.25, 3]);

  it('round-trips every parameter and the shape exactly', () => {
    expect(deserializeMlpWeights(serializeMlpWeights(weights))).toEqual(weights);
  });

  it('writes a 16-byte header and 4 bytes per parameter', () => {
    expect(serializeMlpWeights(weights).byteLength).toBe(16 + 4 * (4 * 16 + 16 + 16 * 3 + 3));
  });

  it('reads bytes that sit at an offset inside a larger buffer', () => {
    const bytes = serializeMlpWeights(weights);
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    expect(deserializeMlpWeights(padded.subarray(3))).toEqual(weights);
  });

  it('rejects a wrong magic and a truncated blob', () => {
    const bytes = serializeMlpWeights(weights);
    const wrongMagic = Uint8Array.from(bytes);
    wrongMagic[0] = 0;
    expect(() => deserializeMlpWeights(wrongMagic)).toThrow(ValidationError);
    expect(() => deserializeMlpWeights(bytes.subarray(0, bytes.length - 4))).toThrow(/does not match shape/);
  });
});
