/** One measured figure. */
export interface BenchResult {
  /** Bench module, e.g. `eventstore`. */
  bench: string;
  /** What was measured, unit included, e.g. `append_events_per_s`. */
  metric: string;
  value: number;
  /** The figure this one is compared with (same unit), or null. */
  baseline: number | null;
  /** value / baseline, or null without a baseline. */
  ratio: number | null;
  /**
   * Lowest acceptable ratio when there is a baseline, else lowest acceptable value; null when
   * the figure is only informative.
   */
  target: number | null;
}

/** The middle figure of several rounds (the upper middle of an even count). */
export const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

export type Verdict = 'pass' | 'miss' | 'info';

/** Builds a result, computing the ratio from the baseline. */
export function result(
  bench: string,
  metric: string,
  value: number,
  options: { baseline?: number | null; target?: number | null } = {},
): BenchResult {
  const baseline = options.baseline ?? null;
  const ratio = baseline ? round(value / baseline, 3) : null;
  return { bench, metric, value: round(value, 1), baseline: baseline === null ? null : round(baseline, 1), ratio, target: options.target ?? null };
}

export function verdict(r: BenchResult): Verdict {
  if (r.target === null) return 'info';
  const measured = r.baseline !== null ? r.ratio : r.value;
  return measured !== null && measured >= r.target ? 'pass' : 'miss';
}

const MARKERS: Record<Verdict, string> = { pass: 'PASS', miss: 'MISS', info: '    ' };
const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** Prints one figure as a human-readable line, then as one JSON line. */
export function printResult(r: BenchResult): void {
  const parts = [`${MARKERS[verdict(r)]}  ${r.bench} ${r.metric}: ${number.format(r.value)}`];
  if (r.baseline !== null) parts.push(`baseline ${number.format(r.baseline)}`, `ratio ${r.ratio?.toFixed(3)}`);
  if (r.target !== null) parts.push(`target >= ${r.target}${r.baseline !== null ? ' (ratio)' : ''}`);
  console.log(parts.join('  '));
  const { bench, metric, value, baseline, ratio, target } = r;
  console.log(JSON.stringify({ bench, metric, value, baseline, ratio, target }));
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
