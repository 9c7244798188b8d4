import { byzantineCount } from './byzantine-count';
import { coordinateMedian, coordinateTrimmedMean } from './coordinate-rules';
import { krum, multiKrum } from './krum';
import { normClip } from './norm-clip';
import type { AggregationConfig, AggregationOutcome, Update } from './types';
import { checkedLength, weightedMean } from './vectors';

/**
 * Combines one step's updates with the configured rule (docs/training.md, "Robust aggregation").
 * mean and norm-clip are row-weighted; median and trimmed-mean are unweighted per coordinate
 * (trimming f per side); krum picks one update, multi-krum averages the n − f best by Krum score.
 * Deterministic: ties go to the lower index. Inputs are not modified.
 */
export function aggregateUpdates(updates: readonly Update[], config: AggregationConfig): AggregationOutcome {
  const length = checkedLength(updates);
  const f = byzantineCount(updates.length, config);
  switch (config.rule) {
    case 'mean':
      return { aggregate: weightedMean(updates, length), selected: updates.map((_, i) => i), rejected: [] };
    case 'median':
      return coordinateMedian(updates, length, f);
    case 'trimmed-mean':
      return coordinateTrimmedMean(updates, length, f);
    case 'norm-clip':
      return normClip(updates, length, config.clipNorm);
    case 'krum':
      return krum(updates, f);
    case 'multi-krum':
      return multiKrum(updates, f);
    default:
      throw new RangeError(`unknown aggregation rule: ${String((config as { rule: unknown }).rule)}`);
  }
}
