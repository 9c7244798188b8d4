import { SecaggMalformed, SecaggOverflow } from './errors';
import { SECAGG_MAX_LENGTH, SECAGG_SCALE } from './params';

/**
 * [clip(delta) · rows …, rows] as round(v · SECAGG_SCALE) mod 2^32 (two's complement).
 * Refuses when rows · max(clipNorm, 1) · scale · members could reach 2^31 once summed.
 */
export function quantizeUpdate(delta: Float32Array, rows: number, clipNorm: number, members: number): Uint32Array {
  if (delta.length < 1 || delta.length >= SECAGG_MAX_LENGTH) throw new SecaggMalformed(`delta must hold 1..${SECAGG_MAX_LENGTH - 1} values, got ${delta.length}`);
  if (!Number.isInteger(rows) || rows < 1) throw new SecaggMalformed(`rows must be a positive integer, got ${rows}`);
  if (!Number.isFinite(clipNorm) || clipNorm <= 0) throw new SecaggMalformed(`clipNorm must be positive, got ${clipNorm}`);
  const bound = (rows * Math.max(clipNorm, 1) * SECAGG_SCALE + 1) * members;
  if (bound >= 2 ** 31) {
    throw new SecaggOverflow(`rows ${rows} · clipNorm ${clipNorm} · scale ${SECAGG_SCALE} · ${members} members reaches 2^31: lower clipNorm or split the data`);
  }
  let squares = 0;
  for (const value of delta) {
    if (!Number.isFinite(value)) throw new SecaggMalformed('delta holds a non-finite value');
    squares += value * value;
  }
  const norm = Math.sqrt(squares);
  const factor = (norm > clipNorm ? clipNorm / norm : 1) * rows * SECAGG_SCALE;
  const words = new Uint32Array(delta.length + 1);
  for (let k = 0; k < delta.length; k++) words[k] = Math.round(delta[k] * factor);
  words[delta.length] = rows * SECAGG_SCALE;
  return words;
}

/** Reads a summed vector back: the weighted sum (all but the last word) and the total rows. */
export function dequantizeSum(words: Uint32Array): { weightedSum: Float32Array; totalRows: number } {
  const d = words.length - 1;
  const weightedSum = new Float32Array(d);
  for (let k = 0; k < d; k++) weightedSum[k] = (words[k] | 0) / SECAGG_SCALE;
  return { weightedSum, totalRows: Math.round((words[d] | 0) / SECAGG_SCALE) };
}
