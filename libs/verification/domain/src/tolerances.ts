import type { CheckRecord } from '@corex/events';

/** A tensor as plain data (the shape of `@corex/compute`'s TensorData, without depending on it). */
export interface Values {
  readonly data: ArrayLike<number | bigint>;
  readonly dims: readonly number[];
}
export type ValueMap = Record<string, Values>;

/** Outputs: max |got - ref| / (1 + |ref|) at or below this passes. */
export const OUTPUT_PASS = 1e-4;
/** Outputs: above this on any compared value fails. In between: inconclusive. */
export const OUTPUT_FAIL = 1e-2;
/** Gradients pass with cosine ≥ this and relative residual ≤ GRADIENT_PASS_RESIDUAL. */
export const GRADIENT_PASS_COSINE = 0.999;
export const GRADIENT_PASS_RESIDUAL = 1e-3;
/** Gradients fail with cosine below this or relative residual above GRADIENT_FAIL_RESIDUAL. */
export const GRADIENT_FAIL_COSINE = 0.9;
export const GRADIENT_FAIL_RESIDUAL = 0.5;
/** A gradient norm this many times above (or below the inverse of) its step's peer median is escalated. */
export const NORM_OUTLIER_FACTOR = 10;

const num = (v: number | bigint | undefined): number => Number(v ?? NaN);

/**
 * Compares `got` with the reference outputs `ref`, output by output: the worst
 * |got - ref| / (1 + |ref|) decides (docs/trust-decisions: pass ≤ 1e-4, fail > 1e-2). A missing
 * output, another shape or a non-finite value fails. The detail names the first worst value.
 */
export function compareOutputs(check: string, ref: ValueMap, got: ValueMap): CheckRecord {
  let worst = 0;
  let at = '';
  for (const [name, expected] of Object.entries(ref)) {
    const actual = got[name];
    if (!actual) return { check, outcome: 'fail', detail: `output ${name} is missing` };
    if (actual.dims.join('x') !== expected.dims.join('x') || actual.data.length !== expected.data.length) {
      return { check, outcome: 'fail', detail: `output ${name} has dims [${actual.dims.join(',')}], expected [${expected.dims.join(',')}]` };
    }
    for (let i = 0; i < expected.data.length; i++) {
      const r = num(expected.data[i]);
      const g = num(actual.data[i]);
      const excess = Number.isFinite(g) ? Math.abs(g - r) / (1 + Math.abs(r)) : Infinity;
      if (excess > worst) {
        worst = excess;
        at = `${name}[${i}]: expected ${r.toPrecision(6)}, got ${g.toPrecision(6)}`;
      }
    }
  }
  const outcome = worst <= OUTPUT_PASS ? 'pass' : worst > OUTPUT_FAIL ? 'fail' : 'inconclusive';
  return { check, outcome, ...(at ? { detail: at } : {}), metrics: { maxRelDiff: finiteOr(worst, 1e308) } };
}

/** Cosine and relative residual ‖got − ref‖ / ‖ref‖ of two flattened gradients. */
export function gradientAgreement(ref: Float32Array, got: Float32Array): { cosine: number; residual: number } {
  if (ref.length !== got.length) return { cosine: 0, residual: Infinity };
  let dot = 0;
  let rr = 0;
  let gg = 0;
  let dd = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i]!;
    const g = got[i]!;
    dot += r * g;
    rr += r * r;
    gg += g * g;
    dd += (g - r) * (g - r);
  }
  if (!Number.isFinite(gg)) return { cosine: 0, residual: Infinity };
  if (rr === 0) return { cosine: gg === 0 ? 1 : 0, residual: gg === 0 ? 0 : Infinity };
  const cosine = gg === 0 ? 0 : dot / Math.sqrt(rr * gg);
  return { cosine, residual: Math.sqrt(dd / rr) };
}

/** Gradient tolerance (pass: cosine ≥ 0.999 and residual ≤ 1e-3; fail: cosine < 0.9 or residual > 0.5). */
export function compareGradients(check: string, ref: Float32Array, got: Float32Array): CheckRecord {
  const { cosine, residual } = gradientAgreement(ref, got);
  const pass = cosine >= GRADIENT_PASS_COSINE && residual <= GRADIENT_PASS_RESIDUAL;
  const fail = cosine < GRADIENT_FAIL_COSINE || residual > GRADIENT_FAIL_RESIDUAL;
  return {
    check,
    outcome: pass ? 'pass' : fail ? 'fail' : 'inconclusive',
    detail: `cosine ${cosine.toFixed(6)}, residual ${finiteOr(residual, 1e308).toPrecision(4)}`,
    metrics: { cosine, residual: finiteOr(residual, 1e308) },
  };
}

/** Euclidean norm. */
export function norm(values: Float32Array): number {
  let sum = 0;
  for (const v of values) sum += v * v;
  return Math.sqrt(sum);
}

/** Median of a list (mean of the two middle values for an even length); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A gradient's norm against the median norm of its peers (other shards of the same step): more
 * than 10x or under 0.1x is inconclusive (escalated, an honest shard can be an outlier). No peers: pass.
 */
export function normAgainstPeers(gradientNorm: number, peerNorms: readonly number[]): CheckRecord {
  const check = 'gradient-norm';
  const m = median(peerNorms.filter(Number.isFinite));
  if (!Number.isFinite(gradientNorm)) return { check, outcome: 'fail', detail: 'gradient norm is not finite' };
  if (!Number.isFinite(m) || m === 0) return { check, outcome: 'pass', detail: 'no peers to compare with', metrics: { norm: gradientNorm } };
  const ratio = gradientNorm / m;
  const outlier = ratio > NORM_OUTLIER_FACTOR || ratio < 1 / NORM_OUTLIER_FACTOR;
  return { check, outcome: outlier ? 'inconclusive' : 'pass', detail: `norm ${gradientNorm.toPrecision(4)}, peer median ${m.toPrecision(4)}`, metrics: { norm: gradientNorm, peerMedian: m, ratio } };
}

/**
 * A small step along −g must lower the loss on a sample of the shard's rows. A failure is not
 * fraud on its own (the sample is not the shard): a full recompute decides.
 */
export function lossDecrease(lossBefore: number, lossAfter: number): CheckRecord {
  const ok = Number.isFinite(lossBefore) && Number.isFinite(lossAfter) && lossAfter < lossBefore;
  return {
    check: 'loss-decrease',
    outcome: ok ? 'pass' : 'fail',
    detail: `loss ${lossBefore.toPrecision(6)} -> ${lossAfter.toPrecision(6)} along -g`,
    metrics: { before: finiteOr(lossBefore, 1e308), after: finiteOr(lossAfter, 1e308) },
  };
}

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}
