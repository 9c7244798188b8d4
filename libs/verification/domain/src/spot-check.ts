import { createHash } from 'node:crypto';

/** Rows recomputed by a sampled-rows check (and used by a gradient's loss-decrease check). */
export const SAMPLED_ROWS = 16;

/** A uniform number in [0, 1) from sha256 of `label` and `leaseId`: the same lease always draws the same. */
export function leaseDraw(label: string, leaseId: string, index = 0): number {
  const digest = createHash('sha256').update(`corex-${label}-v1\n${leaseId}\n${index}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** Whether this lease's result is recomputed, at probability `p`; deterministic so a replay decides the same. */
export function spotCheckDrawn(leaseId: string, p: number): boolean {
  return leaseDraw('spot-check', leaseId) < p;
}

/**
 * `k` distinct row indices in [0, rows), drawn from the lease id (so a replay samples the same
 * rows), ascending. All rows when `rows ≤ k`.
 */
export function sampledRows(leaseId: string, rows: number, k = SAMPLED_ROWS): number[] {
  if (rows <= k) return Array.from({ length: rows }, (_, i) => i);
  const chosen = new Set<number>();
  for (let i = 0; chosen.size < k; i++) chosen.add(Math.floor(leaseDraw('sampled-rows', leaseId, i) * rows));
  return [...chosen].sort((a, b) => a - b);
}
