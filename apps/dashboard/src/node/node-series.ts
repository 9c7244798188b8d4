import type { Schemas } from '@corex/client';

type History = Schemas['OperatorHistory'];
type Tier = History['tiers'][number]['tier'];

/** Tiers from lowest to highest: a tier's chart level is its place here, plus one. */
export const TIERS: readonly Tier[] = ['edge', 'standard', 'pro', 'elite'];

/** Wei (decimal string) as CXT for a chart axis: 4 decimals kept, exact up to there. */
export function weiToCxt(wei: string): number {
  return Number(BigInt(wei) / 10n ** 14n) / 10_000;
}

export interface EpochPoint {
  epoch: number;
  fragments: number;
  rewards: number;
}

/** Contribution per epoch, oldest first: fragments accepted and their rewards in CXT. */
export function epochSeries(epochs: History['epochs']): EpochPoint[] {
  return [...epochs].sort((a, b) => a.epoch - b.epoch).map((e) => ({ epoch: e.epoch, fragments: e.fragments, rewards: weiToCxt(e.rewards) }));
}

export interface DayPoint {
  day: string;
  completed: number;
  verified: number;
  failed: number;
  /** Closed without a result because the job no longer needed them: not the node's doing. */
  cancelled: number;
  earned: number;
}

/** Contribution per UTC day, oldest first. */
export function daySeries(days: History['days']): DayPoint[] {
  return [...days].sort((a, b) => a.day.localeCompare(b.day)).map((d) => ({ day: d.day, completed: d.completed, verified: d.verified, failed: d.failed, cancelled: d.cancelled, earned: weiToCxt(d.earned) }));
}

export interface TimePoint {
  /** ms since the epoch: a numeric time axis spaces points by when they happened. */
  at: number;
  value: number;
  label: string;
}

/** Reputation score over time, in stream order. */
export function reputationSeries(points: History['reputation']): TimePoint[] {
  return [...points].sort((a, b) => a.seq - b.seq).map((p) => ({ at: Date.parse(p.at), value: p.score, label: p.score.toFixed(3) }));
}

/** Tier over time as a step series: each change's level (edge 1 … elite 4) and why it changed. */
export function tierSeries(points: History['tiers']): TimePoint[] {
  return [...points].sort((a, b) => a.seq - b.seq).map((p) => ({ at: Date.parse(p.at), value: TIERS.indexOf(p.tier) + 1, label: p.reason ? `${p.tier} (${p.reason})` : p.tier }));
}

/** The tier named by a chart level; empty between levels. */
export const tierOfLevel = (level: number): string => TIERS[level - 1] ?? '';
