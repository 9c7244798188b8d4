import { DEFAULT_BYZANTINE_FRACTION, type AggregationConfig } from './types';

/**
 * How many of `n` updates a rule treats as possibly Byzantine: f = floor(n·fraction), capped so
 * that Krum keeps n > 2f + 2 (and trimming f per side always leaves updates). Never negative.
 */
export function byzantineCount(n: number, config: Pick<AggregationConfig, 'byzantineFraction'>): number {
  const fraction = config.byzantineFraction ?? DEFAULT_BYZANTINE_FRACTION;
  if (!(fraction >= 0) || fraction >= 1) throw new RangeError(`byzantineFraction must be in [0, 1): ${fraction}`);
  const wanted = Math.floor(n * fraction + 1e-9);
  const krumCap = Math.ceil((n - 2) / 2) - 1; // largest f with n > 2f + 2
  return Math.max(0, Math.min(wanted, krumCap));
}
