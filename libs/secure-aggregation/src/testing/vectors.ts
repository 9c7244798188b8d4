/** A deterministic pseudo-random delta (xorshift), values in about ±scale. */
export function syntheticDelta(length: number, seed: number, scale = 0.05): Float32Array {
  let state = (seed * 2654435761) >>> 0 || 1;
  const out = new Float32Array(length);
  for (let k = 0; k < length; k++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out[k] = ((state / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}

/** Σ rows_i · clip(delta_i, clipNorm) in float64: what secure aggregation must reproduce. */
export function plainWeightedSum(deltas: readonly Float32Array[], rows: readonly number[], clipNorm: number): Float64Array {
  const sum = new Float64Array(deltas[0].length);
  deltas.forEach((delta, i) => {
    const norm = Math.sqrt(delta.reduce((acc, v) => acc + v * v, 0));
    const factor = (norm > clipNorm ? clipNorm / norm : 1) * rows[i];
    for (let k = 0; k < sum.length; k++) sum[k] += delta[k] * factor;
  });
  return sum;
}
