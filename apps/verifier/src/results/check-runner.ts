import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { decodeTensorMap, encodeTensorMap, FragmentThread, pickRows, type FragmentRunOptions, type TaskBlobReader, type TensorMap } from '@corex/compute';
import type { FragmentTask } from '@corex/events';
import {
  compareGradients,
  compareOutputs,
  lossDecrease,
  norm,
  sampledRows,
  type CheckRun,
} from '@corex/verification-domain';

/** Recomputes run on their own thread: onnxruntime would hold this thread's event loop for the model's whole run. */
const checkThread = new FragmentThread();
const runFragmentTask = (task: FragmentTask, blobs: TaskBlobReader, options?: FragmentRunOptions) => checkThread.run(task, blobs, options);

/** The outputs of a result blob, or null when the blob store lacks it. */
export async function readOutputs(blobs: TaskBlobReader, resultHash: string): Promise<TensorMap | null> {
  const bytes = await blobs.get(resultHash);
  return bytes ? decodeTensorMap(bytes) : null;
}

/** A missing result blob: the verifier's problem (infrastructure), not the node's. */
export class ResultBlobMissingError extends Error {}

/** The checks of one run and what they cost. */
export interface CheckOutcome {
  checks: CheckRun[];
  /** FLOPs of the verifier's own execution, as a share of the fragment's (1 = a full recompute). */
  share: number;
  ms: number;
  /** sha256 of the verifier's reference outputs (evidence). */
  referenceHash?: string;
  /** The gradient's norm, for its step's peers. */
  gradientNorm?: number;
}

const gradientOutputs = (task: FragmentTask) => task.outputs.filter((name) => name !== 'loss');

/** Flattens the gradient outputs of a task, in the task's order. */
export function flatGradient(task: FragmentTask, outputs: TensorMap): Float32Array {
  const parts = gradientOutputs(task).map((name) => (outputs[name]?.data instanceof Float32Array ? (outputs[name]!.data as Float32Array) : new Float32Array(0)));
  const flat = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    flat.set(p, at);
    at += p.length;
  }
  return flat;
}

/** Compares a result with a reference run: gradients by cosine and residual, other outputs value by value. */
export function compareWith(check: string, task: FragmentTask, reference: TensorMap, got: TensorMap): CheckRun {
  if (task.kind === 'gradient') {
    const ref = flatGradient(task, reference);
    const result = flatGradient(task, got);
    return { ...compareGradients(check, ref, result), expected: summary(ref), got: summary(result) };
  }
  const selected = Object.fromEntries(task.outputs.map((name) => [name, reference[name]!]).filter(([, t]) => t));
  const record = compareOutputs(check, selected, got);
  const first = task.outputs[0]!;
  return { ...record, expected: summary(reference[first]?.data), got: summary(got[first]?.data) };
}

/** The whole fragment recomputed and compared. */
export async function recompute(task: FragmentTask, blobs: TaskBlobReader, got: TensorMap): Promise<CheckOutcome> {
  const started = performance.now();
  const { outputs } = await runFragmentTask(task, blobs);
  const check = compareWith('recompute', task, outputs, got);
  return { checks: [check], share: 1, ms: performance.now() - started, referenceHash: sha256(encodeTensorMap(pick(outputs, task.outputs))) };
}

/** The result's rows drawn from the lease id, recomputed and compared (inference, features, preprocessing). */
export async function recomputeSampledRows(task: FragmentTask, blobs: TaskBlobReader, leaseId: string, got: TensorMap): Promise<CheckOutcome> {
  const started = performance.now();
  const rows = sampledRows(leaseId, task.rows);
  const { outputs } = await runFragmentTask(task, blobs, { rows });
  const check = compareWith('sampled-rows', task, outputs, pickRows(pick(got, task.outputs), rows));
  check.detail = `${rows.length} of ${task.rows} rows; ${check.detail ?? ''}`.slice(0, 500);
  return { checks: [check], share: rows.length / task.rows, ms: performance.now() - started, referenceHash: sha256(encodeTensorMap(pick(outputs, task.outputs))) };
}

/**
 * A gradient's cheap check: the loss on a row sample of its own shard, at the weights and after a
 * small step along −g (two forward runs of the task's own graph, which reports `loss`).
 */
export async function lossDecreaseCheck(task: FragmentTask, blobs: TaskBlobReader, leaseId: string, got: TensorMap, weights: TensorMap): Promise<CheckOutcome> {
  const started = performance.now();
  const rows = sampledRows(leaseId, task.rows, 64);
  const g = flatGradient(task, got);
  const gNorm = norm(g);
  const stepSize = gNorm > 0 ? 1e-2 / gNorm : 0;
  const moved: TensorMap = { ...weights };
  for (const name of gradientOutputs(task)) {
    const parameter = parameterOf(name);
    const w = weights[parameter];
    const grad = got[name];
    if (!w || !(w.data instanceof Float32Array) || !(grad?.data instanceof Float32Array) || grad.data.length !== w.data.length) continue;
    const wd = w.data;
    const gd = grad.data;
    moved[parameter] = { data: wd.map((v, i) => v - stepSize * gd[i]!), dims: w.dims };
  }
  const before = await runFragmentTask(task, blobs, { rows, outputs: ['loss'] });
  const after = await runFragmentTask(task, blobs, { rows, outputs: ['loss'], weights: moved });
  const lossOf = (o: TensorMap) => Number(o['loss']?.data[0] ?? NaN);
  const check = lossDecrease(lossOf(before.outputs), lossOf(after.outputs));
  return { checks: [check], share: (2 * rows.length) / task.rows / 3, ms: performance.now() - started, gradientNorm: gNorm };
}


/** The weight feed a gradient output belongs to: `dW1` (built-in MLP) or `grad_<name>` (trainable graph). */
function parameterOf(gradientOutput: string): string {
  if (gradientOutput.startsWith('grad_')) return gradientOutput.slice('grad_'.length);
  return gradientOutput.startsWith('d') ? gradientOutput.slice(1) : gradientOutput;
}

function pick(outputs: TensorMap, names: readonly string[]): TensorMap {
  return Object.fromEntries(names.filter((n) => outputs[n]).map((n) => [n, outputs[n]!]));
}

/** The first values of a tensor, as evidence quotes them. */
export function summary(data: ArrayLike<number | bigint> | undefined, count = 6): string {
  if (!data) return 'none';
  const shown = Array.from({ length: Math.min(count, data.length) }, (_, i) => Number(data[i]).toPrecision(6));
  return `[${shown.join(', ')}${data.length > count ? `, … (${data.length} values)` : ''}]`;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
