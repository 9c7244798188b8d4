import { decodeAdamState, encodeAdamState, flatten, unflatten, updateParameters } from './step-update';

const f32 = (...values: number[]) => Float32Array.from(values);

describe('updateParameters', () => {
  const params = f32(1, 2, 3);
  const updates = [
    { vector: f32(4, 0, 8), weight: 1 },
    { vector: f32(0, 4, 0), weight: 3 },
  ];

  it('given the mean rule and SGD, steps by the row-weighted mean gradient, as the scheduler always did', () => {
    const { params: next, rejected, adam } = updateParameters(params, updates, { optimizer: 'sgd', learningRate: 0.5, aggregation: { rule: 'mean' } }, null);
    // mean = (1·[4,0,8] + 3·[0,4,0]) / 4 = [1, 3, 2]
    expect(Array.from(next)).toEqual([0.5, 0.5, 2]);
    expect(rejected).toEqual([]);
    expect(adam).toBeUndefined();
  });

  it('given Adam, moves each coordinate by about the learning rate on the first step and returns the moments for the next', () => {
    const config = { optimizer: 'adam' as const, learningRate: 0.1, aggregation: { rule: 'mean' as const } };
    const first = updateParameters(params, updates, config, null);
    Array.from(first.params).forEach((p, i) => expect(p).toBeCloseTo(params[i]! - 0.1, 5));
    expect(first.adam!.t).toBe(1);
    const second = updateParameters(first.params, updates, config, decodeAdamState(encodeAdamState(first.adam!)));
    expect(second.adam!.t).toBe(2);
    expect(second).toEqual(updateParameters(first.params, updates, config, first.adam!));
  });

  it('given Krum over five updates with one far away, leaves the outlier out and reports it by index', () => {
    const honest = [f32(1, 1, 1), f32(1.1, 0.9, 1), f32(0.9, 1, 1.1), f32(1, 1.1, 0.9)].map((vector) => ({ vector, weight: 10 }));
    const outcome = updateParameters(params, [...honest, { vector: f32(-100, 100, -100), weight: 10 }], { optimizer: 'sgd', learningRate: 1, aggregation: { rule: 'krum', byzantineFraction: 0.2 } }, null);
    expect(outcome.rejected.map((r) => [r.index, r.reason])).toContainEqual([4, 'excluded']);
    Array.from(outcome.params).forEach((p, i) => expect(Math.abs(p - (params[i]! - 1))).toBeLessThan(0.11));
  });
});

describe('flatten and unflatten', () => {
  it('round-trips arrays in order', () => {
    const parts = [f32(1, 2), f32(3), f32(4, 5, 6)];
    expect(unflatten(flatten(parts), [2, 1, 3])).toEqual(parts);
  });
});

describe('Adam state blob', () => {
  it('encodes the same state to the same bytes and back', () => {
    const state = { m: f32(0.1, -0.2), v: f32(0.01, 0.04), t: 7 };
    expect(encodeAdamState(state)).toEqual(encodeAdamState({ ...state }));
    expect(decodeAdamState(encodeAdamState(state))).toEqual(state);
  });
});
