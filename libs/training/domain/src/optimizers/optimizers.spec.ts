import { adamStep, initialAdamState } from './adam';
import { sgdStep } from './sgd';

describe('sgdStep', () => {
  it('moves each parameter against its gradient by the learning rate', () => {
    const params = Float32Array.from([1, -2]);
    expect(Array.from(sgdStep(params, Float32Array.from([0.5, -1]), 0.1))).toEqual([Math.fround(0.95), Math.fround(-1.9)]);
    expect(Array.from(params)).toEqual([1, -2]);
  });

  it('refuses a gradient of another length', () => {
    expect(() => sgdStep(new Float32Array(2), new Float32Array(3), 0.1)).toThrow(RangeError);
  });
});

describe('adamStep', () => {
  // Hand-computed (β1 0.9, β2 0.999, ε 1e-8, lr 0.1), bias-corrected:
  // coordinate 0: p 1, g 0.5 then −1: m1 0.05, v1 2.5e-4 → p 0.9; m2 −0.055, v2 1.24975e-3 → p 0.93661035
  // coordinate 1: p −2, g 0 then 0.2: no move, then m2 0.02, v2 4e-5 → p −2.07441368
  it('matches a hand-computed two-step example', () => {
    const options = { learningRate: 0.1 };
    const first = adamStep(Float32Array.from([1, -2]), Float32Array.from([0.5, 0]), initialAdamState(2), options);
    expect(first.params[0]).toBeCloseTo(0.9, 6);
    expect(first.params[1]).toBe(-2);
    expect(first.state.t).toBe(1);
    expect(first.state.m[0]).toBeCloseTo(0.05, 7);
    expect(first.state.v[0]).toBeCloseTo(2.5e-4, 9);
    const second = adamStep(first.params, Float32Array.from([-1, 0.2]), first.state, options);
    expect(second.params[0]).toBeCloseTo(0.93661035, 6);
    expect(second.params[1]).toBeCloseTo(-2.07441368, 6);
    expect(second.state.t).toBe(2);
    expect(second.state.m[0]).toBeCloseTo(-0.055, 7);
    expect(second.state.v[0]).toBeCloseTo(1.24975e-3, 9);
  });

  it('leaves the given parameters and state untouched, and gives the same answer twice', () => {
    const state = initialAdamState(1);
    const params = Float32Array.from([3]);
    const a = adamStep(params, Float32Array.from([2]), state, { learningRate: 0.05 });
    const b = adamStep(params, Float32Array.from([2]), state, { learningRate: 0.05 });
    expect(Array.from(a.params)).toEqual(Array.from(b.params));
    expect(state.t).toBe(0);
    expect(Array.from(state.m)).toEqual([0]);
    expect(Array.from(params)).toEqual([3]);
  });

  it('refuses moments of another length', () => {
    expect(() => adamStep(new Float32Array(2), new Float32Array(2), initialAdamState(3), { learningRate: 0.1 })).toThrow(RangeError);
  });
});
