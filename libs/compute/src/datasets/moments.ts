import type { TensorMap } from '../runtime/session';
import type { MinMaxStats, StandardizationStats } from './statistics';

/** Per-feature count, mean, sum of squared deviations (m2), minimum and maximum of some rows, in float64. */
export interface FeatureMoments {
  readonly count: number;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
}

/** The moments one statistics fragment reported (outputs of buildStatistics). Throws on a malformed part. */
export function momentsOfPart(outputs: TensorMap): FeatureMoments {
  const count = Number(outputs['count']?.data[0]);
  const vector = (name: string) => {
    const data = outputs[name]?.data;
    if (!(data instanceof Float32Array)) throw new RangeError(`statistics output ${name} is missing or not float32`);
    return Float64Array.from(data);
  };
  if (!(count > 0)) throw new RangeError(`statistics count must be positive, got ${count}`);
  const sum = vector('sum');
  return { count, mean: sum.map((s) => s / count), m2: vector('m2'), min: vector('min'), max: vector('max') };
}

/**
 * Merges the moments of two disjoint sets of rows (Chan, Golub and LeVeque's parallel variance):
 * m2 = m2a + m2b + δ²·na·nb/n with δ = mean_b − mean_a, so no large sums of squares cancel.
 */
export function mergeMoments(a: FeatureMoments, b: FeatureMoments): FeatureMoments {
  if (a.mean.length !== b.mean.length) throw new RangeError(`cannot merge moments of ${a.mean.length} and ${b.mean.length} features`);
  const count = a.count + b.count;
  const delta = b.mean.map((mean, i) => mean - a.mean[i]!);
  return {
    count,
    mean: a.mean.map((mean, i) => mean + (delta[i]! * b.count) / count),
    m2: a.m2.map((m2, i) => m2 + b.m2[i]! + (delta[i]! ** 2 * a.count * b.count) / count),
    min: a.min.map((min, i) => Math.min(min, b.min[i]!)),
    max: a.max.map((max, i) => Math.max(max, b.max[i]!)),
  };
}

/** The moments of all the parts' rows together; parts merged pairwise (a balanced tree keeps the error small). */
export function combineMoments(parts: readonly FeatureMoments[]): FeatureMoments {
  if (parts.length === 0) throw new RangeError('no statistics to combine');
  let level = [...parts];
  while (level.length > 1) {
    const next: FeatureMoments[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? mergeMoments(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/** Mean and population std, as computeStandardization gives them (a constant feature gets std 1). */
export function standardizationOf(m: FeatureMoments): StandardizationStats {
  const std = Float32Array.from(m.m2, (m2) => {
    const spread = Math.sqrt(Math.max(0, m2) / m.count);
    return spread > 0 ? spread : 1;
  });
  return { mean: Float32Array.from(m.mean), std };
}

/** Minimum and maximum, as computeMinMax gives them. */
export function minMaxOf(m: FeatureMoments): MinMaxStats {
  return { min: Float32Array.from(m.min), max: Float32Array.from(m.max) };
}
