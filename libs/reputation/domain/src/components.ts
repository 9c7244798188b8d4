import type { ReputationComponents } from '@corex/events';
import type { NodeFacts } from './node-reputation';
import {
  COMPONENT_WEIGHTS,
  HISTORY_EXPERIENCE_SCALE,
  HISTORY_RELIABILITY_PRIOR,
  LATENCY_COMPUTE_FACTOR,
  LATENCY_OVERHEAD_MS,
  MAX_SLOTS_FROM_CORES,
  PERFORMANCE_FLOOR,
  VIOLATION_FACTOR,
} from './rules';

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/** The GFLOP/s the node is judged by: confirmed by a challenge when it was, else its claim. */
export function effectiveGflops(facts: Pick<NodeFacts, 'claimedGflops' | 'confirmedGflops'>): number {
  return facts.confirmedGflops ?? facts.claimedGflops ?? 0;
}

/** clamp(log10(gflops) / 3, 0.1, 1). */
export function performanceOf(gflops: number): number {
  if (!(gflops > 0)) return PERFORMANCE_FLOOR;
  return Math.min(1, Math.max(PERFORMANCE_FLOOR, Math.log10(gflops) / 3));
}

/** 0.5 · (1 + experience) · reliability: 0.5 for a new node, towards 1 with verified work, down with failures. */
export function historyOf(verified: number, failed: number): number {
  const experience = 1 - Math.exp(-verified / HISTORY_EXPERIENCE_SCALE);
  const reliability = (verified + HISTORY_RELIABILITY_PRIOR) / (verified + failed + HISTORY_RELIABILITY_PRIOR);
  return clamp01(0.5 * (1 + experience) * reliability);
}

/** 0.5 ^ frauds. */
export function violationsOf(frauds: number): number {
  return VIOLATION_FACTOR ** frauds;
}

/** One lease's latency sample: allowance / round trip, at most 1; allowance = 2 s + 3 × predicted compute time. */
export function latencySample(roundTripMs: number, flops: number | null, gflops: number): number {
  const computeMs = flops !== null && gflops > 0 ? flops / (gflops * 1e6) : 0;
  const allowance = LATENCY_OVERHEAD_MS + LATENCY_COMPUTE_FACTOR * computeMs;
  return roundTripMs <= allowance ? 1 : clamp01(allowance / roundTripMs);
}

/** One load sample from utilisation u = leases held / capacity slots: 1 - u/2 up to full, capacity/(2·held) beyond. */
export function loadSample(held: number, capacity: number): number {
  const u = held / Math.max(1, capacity);
  return u <= 1 ? 1 - u / 2 : 0.5 / u;
}

/** Capacity slots the scheduler gives hardware: min(16, max(1, floor(cpuCores / 2))). */
export function capacitySlotsOf(cpuCores: number): number {
  return Math.min(MAX_SLOTS_FROM_CORES, Math.max(1, Math.floor(cpuCores / 2)));
}

/** Moves an average towards a sample. */
export function ema(current: number, sample: number, alpha: number): number {
  return current + alpha * (sample - current);
}

export function componentsOf(facts: NodeFacts): ReputationComponents {
  return {
    performance: performanceOf(effectiveGflops(facts)),
    uptime: clamp01(facts.uptime),
    latency: clamp01(facts.latency),
    load: clamp01(facts.load),
    history: historyOf(facts.verified, facts.failed),
    violations: violationsOf(facts.frauds.length),
  };
}

/** Σ weight × component, times the violations component; rounded to 4 decimals so replays compare equal. */
export function scoreOf(c: ReputationComponents): number {
  const w = COMPONENT_WEIGHTS;
  const sum = w.performance * c.performance + w.uptime * c.uptime + w.latency * c.latency + w.load * c.load + w.history * c.history;
  return round4(clamp01(sum * c.violations));
}

export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
