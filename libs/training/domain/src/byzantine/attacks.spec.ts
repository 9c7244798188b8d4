import { byzantine, littleIsEnoughZ } from './attacks';
import { normalQuantile } from './normal-quantile';

describe('normalQuantile', () => {
  it('matches the standard normal table in the middle and both tails', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.6)).toBeCloseTo(0.2533471, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263479, 6);
  });

  it('refuses probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('byzantine attacks', () => {
  const g = Float32Array.from([1, -2, 0.5]);

  it('signFlip points the gradient the other way', () => {
    expect(Array.from(byzantine.signFlip(g))).toEqual([-1, 2, -0.5]);
  });

  it('scale multiplies the gradient by the factor', () => {
    expect(Array.from(byzantine.scale(g, 100))).toEqual([100, -200, 50]);
  });

  it('littleIsEnough uses z_max from s = floor(n/2 + 1) − f (n 10, f 2: s 4, z = Φ⁻¹(0.6))', () => {
    expect(littleIsEnoughZ(10, 2)).toBeCloseTo(0.2533471, 6);
    expect(littleIsEnoughZ(50, 12)).toBeCloseTo(normalQuantile(36 / 50), 9);
  });

  it('littleIsEnough sends mean − z_max·std per coordinate of the honest updates (sample std)', () => {
    // Coordinate 0: values 1, 3 → mean 2, std √2; coordinate 1: all 5 → std 0.
    const honest = [Float32Array.from([1, 5]), Float32Array.from([3, 5])];
    const z = littleIsEnoughZ(10, 2);
    const out = byzantine.littleIsEnough(honest, 10, 2);
    expect(out[0]).toBeCloseTo(2 - z * Math.SQRT2, 5);
    expect(out[1]).toBe(5);
  });

  it('littleIsEnough needs the honest updates', () => {
    expect(() => byzantine.littleIsEnough([], 10, 2)).toThrow(RangeError);
  });
});
