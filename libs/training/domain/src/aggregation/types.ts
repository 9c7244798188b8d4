import type { AggregationRule } from '@corex/events';

/** One node's update: a flattened parameter vector (in `parameterNames` order) and its row count. */
export interface Update {
  readonly vector: Float32Array;
  /** Rows the update was computed on: the weight of the row-weighted rules. */
  readonly weight: number;
}

/** How a step's updates are combined. */
export interface AggregationConfig {
  rule: AggregationRule;
  /** Share of updates assumed Byzantine (f = floor(n·fraction), capped): default 0.2. */
  byzantineFraction?: number;
  /** norm-clip only: the largest norm an update keeps; default the median of the update norms. */
  clipNorm?: number;
}

/** An update the rule left out or changed, by its index in the input. */
export interface Rejection {
  index: number;
  /** excluded: Krum left it out; trimmed: most of its coordinates fell outside the kept range; clipped: scaled down. */
  reason: 'excluded' | 'trimmed' | 'clipped';
  /** excluded: its Krum score; trimmed: the share of its coordinates outside; clipped: the scale factor. */
  measure: number;
}

/** The aggregate and which updates shaped it. */
export interface AggregationOutcome {
  aggregate: Float32Array;
  /** Indices of the updates the aggregate counts, ascending. */
  selected: number[];
  /** Indices the rule rejected, ascending. */
  rejected: Rejection[];
}

/** Default share of Byzantine updates a robust rule is sized for. */
export const DEFAULT_BYZANTINE_FRACTION = 0.2;
