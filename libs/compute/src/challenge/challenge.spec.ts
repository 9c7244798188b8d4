import { buildChallengeGraph, solveChallenge } from './challenge-graph';
import { challengeColumn, challengeMatrices, challengeValues, decodeColumnSums, encodeColumnSums } from './challenge-matrices';
import { runSession } from '../runtime/session';

const ZERO_SEED = '0'.repeat(64);
const OTHER_SEED = `78563412${'ab'.repeat(28)}`;

describe('challengeValues', () => {
  // The test vectors published in docs/node-protocol.md ("Benchmark challenges").
  it('draws the documented first values for the all-zero seed', () => {
    expect(Array.from(challengeValues(ZERO_SEED, 4))).toEqual([-0.46714162826538086, -0.9993405342102051, -0.5534559488296509, -0.707595705986023]);
  });

  it('seeds from the first 4 bytes read little-endian (0x12345678 here)', () => {
    expect(Array.from(challengeValues(OTHER_SEED, 4))).toEqual([-0.7876960039138794, 0.8825525045394897, 0.8797411918640137, -0.5322304964065552]);
    expect(Array.from(challengeValues(OTHER_SEED, 4))).toEqual(Array.from(challengeValues(`78563412${'00'.repeat(28)}`, 4)));
    expect(Array.from(challengeValues(OTHER_SEED, 4))).not.toEqual(Array.from(challengeValues(ZERO_SEED, 4)));
  });

  it('stays in [-1, 1) and holds each value exactly in float32', () => {
    const values = challengeValues(OTHER_SEED, 10_000);
    expect(values.every((v) => v >= -1 && v < 1)).toBe(true);
    expect(values.every((v) => Number.isInteger((v + 1) * 2 ** 23))).toBe(true);
  });
});

describe('challengeMatrices', () => {
  it('takes A from the first size² values and B from the next size²', () => {
    const { a, b } = challengeMatrices(OTHER_SEED, 3);
    const stream = challengeValues(OTHER_SEED, 18);
    expect(Array.from(a)).toEqual(Array.from(stream.subarray(0, 9)));
    expect(Array.from(b)).toEqual(Array.from(stream.subarray(9)));
  });

  it('refuses a seed that is not 32 bytes of lower-case hex', () => {
    expect(() => challengeMatrices('ABCD', 4)).toThrow(RangeError);
  });
});

describe('challengeColumn', () => {
  it('sums the positive entries of one column of A·B', () => {
    // A = [[1, -2], [3, 4]], B = [[1, 0], [1, -1]]: A·B = [[-1, 2], [7, -4]].
    const a = Float32Array.from([1, -2, 3, 4]);
    const b = Float32Array.from([1, 0, 1, -1]);
    expect(challengeColumn(a, b, 2, 0)).toBe(7);
    expect(challengeColumn(a, b, 2, 1)).toBe(2);
  });
});

describe('buildChallengeGraph', () => {
  it('returns the column sums of relu(A·B), equal to the reference within 1e-4 relative', async () => {
    const size = 96;
    const { a, b } = challengeMatrices(OTHER_SEED, size);
    const { sums } = await runSession(buildChallengeGraph(size), { a: { data: a, dims: [size, size] }, b: { data: b, dims: [size, size] } });
    expect(sums.dims).toEqual([size]);
    for (let j = 0; j < size; j++) {
      const expected = challengeColumn(a, b, size, j);
      expect(Math.abs((sums.data[j] as number) - expected)).toBeLessThanOrEqual(1e-4 * Math.max(Math.abs(expected), 1));
    }
  });

  it('solveChallenge answers the seed drawn on the node', async () => {
    const sums = await solveChallenge(ZERO_SEED, 64);
    const { a, b } = challengeMatrices(ZERO_SEED, 64);
    expect(sums[17]).toBeCloseTo(challengeColumn(a, b, 64, 17), 2);
  });
});

describe('column sums on the wire', () => {
  it('round-trips as base64 of little-endian float32', () => {
    const sums = Float32Array.from([1.5, -2, 3.25]);
    const encoded = encodeColumnSums(sums);
    expect(Buffer.from(encoded, 'base64').readFloatLE(4)).toBe(-2);
    expect(Array.from(decodeColumnSums(encoded, 3)!)).toEqual([1.5, -2, 3.25]);
  });

  it('refuses sums of the wrong length', () => {
    expect(decodeColumnSums(encodeColumnSums(Float32Array.from([1, 2])), 3)).toBeNull();
  });
});
