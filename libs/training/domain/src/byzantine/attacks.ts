import { normalQuantile } from './normal-quantile';

/**
 * z_max of "A little is enough" (Baruch et al. 2019): with s = floor(n/2 + 1) − f supporters
 * needed, the largest z such that s honest updates are still farther from the mean than the
 * attacker, z = Φ⁻¹((n − s) / n).
 */
export function littleIsEnoughZ(n: number, f: number): number {
  const s = Math.floor(n / 2 + 1) - f;
  const p = Math.min(Math.max((n - s) / n, 1e-6), 1 - 1e-6);
  return normalQuantile(p);
}

/** Coordinate-wise mean − z_max·std of the honest updates (sample std), one shared malicious vector. */
function littleIsEnough(honest: readonly Float32Array[], n: number, f: number): Float32Array {
  if (honest.length === 0) throw new RangeError('littleIsEnough needs the honest updates');
  const z = littleIsEnoughZ(n, f);
  const length = honest[0].length;
  const out = new Float32Array(length);
  for (let j = 0; j < length; j++) {
    let sum = 0;
    for (const g of honest) sum += g[j];
    const mean = sum / honest.length;
    let squares = 0;
    for (const g of honest) squares += (g[j] - mean) ** 2;
    const std = honest.length > 1 ? Math.sqrt(squares / (honest.length - 1)) : 0;
    out[j] = mean - z * std;
  }
  return out;
}

/** Byzantine update forgeries for tests, benches and adversary processes. */
export const byzantine = {
  /** The gradient pointing the other way. */
  signFlip: (g: Float32Array): Float32Array => g.map((x) => -x),
  /** The gradient multiplied by `factor` (e.g. ×100). */
  scale: (g: Float32Array, factor: number): Float32Array => g.map((x) => x * factor),
  /** "A little is enough" (Baruch et al. 2019): mean − z_max·std per coordinate of `honest`, for n updates of which f Byzantine. */
  littleIsEnough,
};
