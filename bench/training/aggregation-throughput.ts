import { performance } from 'node:perf_hooks';
import { aggregationRules, type AggregationRule } from '@corex/events';
import { aggregateUpdates, type Update } from '@corex/training-domain';
import { result, type BenchResult } from '../report';

const UPDATES = 20;
/** Each rule aggregates for at least this long (and at least 3 times) per size. */
const MIN_MS = 400;

/** 20 updates of `length` parameters around a common direction (xorshift noise: the same every run). */
function updates(length: number): Update[] {
  let state = 0x9e3779b9;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
  const direction = Float32Array.from({ length }, () => next() - 0.5);
  return Array.from({ length: UPDATES }, () => ({ vector: direction.map((x) => x + 0.1 * (next() - 0.5)), weight: 20 + Math.floor(next() * 10) }));
}

/** Updates aggregated per second by one rule. */
function throughput(input: Update[], rule: AggregationRule): number {
  aggregateUpdates(input, { rule });
  let calls = 0;
  const start = performance.now();
  while (calls < 3 || performance.now() - start < MIN_MS) {
    aggregateUpdates(input, { rule });
    calls++;
  }
  return (calls * input.length * 1000) / (performance.now() - start);
}

/**
 * Aggregation throughput (updates/s) of each rule over 20 updates of 1k and 100k parameters,
 * each beside the plain (row-weighted) mean of the same run.
 */
export function aggregationFigures(progress: (line: string) => void): BenchResult[] {
  const out: BenchResult[] = [];
  for (const [label, length] of [['1k', 1_000], ['100k', 100_000]] as const) {
    const input = updates(length);
    const mean = throughput(input, 'mean');
    out.push(result('training', `aggregate_mean_updates_per_s_${label}_params`, mean));
    for (const rule of aggregationRules.filter((r) => r !== 'mean')) {
      const value = throughput(input, rule);
      progress(`${rule} at ${label} parameters: ${value.toFixed(0)} updates/s (mean ${mean.toFixed(0)})`);
      out.push(result('training', `aggregate_${rule.replace('-', '_')}_updates_per_s_${label}_params`, value, { baseline: mean }));
    }
  }
  return out;
}
