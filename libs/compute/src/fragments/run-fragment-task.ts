import type { FragmentTask } from '@corex/events';
import { NotFoundError, ValidationError } from '@corex/platform';
import { decodeTensorMap } from '../codecs/tensor-map-codec';
import { sliceRows } from '../runtime/feeds';
import { openSession, type TensorMap } from '../runtime/session';
import { weightFeedsOf } from '../trainable/trainable-graph';
import { buildFeeds } from './graph-feeds';

/** Content-addressed reads of the blobs a task names (the blob store verifies the hash). */
export interface TaskBlobReader {
  get(sha256: string): Promise<Uint8Array | null>;
}

/** A blob a task names is not in the store: the caller's infrastructure, not the result, is at fault. */
export class TaskBlobMissingError extends NotFoundError {}

export interface FragmentRunOptions {
  /** Run only these rows of the fragment's input (indices within the fragment), e.g. a sampled-rows check. */
  rows?: readonly number[];
  /** Replace weight feeds (e.g. weights moved along −g for a loss-decrease check). */
  weights?: TensorMap;
  /** Outputs to return instead of the task's (a gradient task's `loss` is always fetched). */
  outputs?: readonly string[];
}

/** What one run of a fragment's task gives: its outputs and the total rows it ran on. */
export interface FragmentRun {
  outputs: TensorMap;
  rows: number;
}

const LOSS = 'loss';

/**
 * Runs a fragment's task as a node does (same feeds: input rows, weights, aux) on onnxruntime's
 * CPU provider, in this process: the verifier's recompute. Returns the task's outputs (plus `loss`
 * for a gradient task), on all the fragment's rows or on `rows` of them.
 */
export async function runFragmentTask(task: FragmentTask, blobs: TaskBlobReader, options: FragmentRunOptions = {}): Promise<FragmentRun> {
  const [graph, weightsBytes, inputBytes, auxBytes] = await Promise.all([
    readBlob(blobs, task.graphHash, 'graph'),
    task.weightsHash ? readBlob(blobs, task.weightsHash, 'weights') : null,
    readBlob(blobs, task.inputHash, 'input'),
    task.auxHash ? readBlob(blobs, task.auxHash, 'aux') : null,
  ]);
  let input = taskInput(task, decodeTensorMap(inputBytes));
  const allRows = input.x?.dims[0];
  if (options.rows) input = pickRows(input, options.rows);
  const weights = options.weights ?? (weightsBytes ? weightFeedsOf(weightsBytes) : undefined);
  let aux = auxBytes ? decodeTensorMap(auxBytes) : undefined;
  if (aux && options.rows) aux = withRowsPicked(aux, allRows, options.rows);
  const session = await openSession(graph);
  try {
    const feeds = buildFeeds(session.inputNames, { input, weights, aux });
    const wanted = [...(options.outputs ?? task.outputs)];
    if (task.kind === 'gradient' && session.outputNames.includes(LOSS) && !wanted.includes(LOSS)) wanted.push(LOSS);
    const all = await session.run(feeds);
    const outputs = Object.fromEntries(wanted.filter((name) => all[name]).map((name) => [name, all[name]!]));
    return { outputs, rows: input.x?.dims[0] ?? Object.values(input)[0]?.dims[0] ?? task.rows };
  } finally {
    await session.release();
  }
}

/** The task's rows of its input map (`task.inputRows` of a shared block, or all of it). */
export function taskInput(task: FragmentTask, input: TensorMap, errorCode = 'COMPUTE.INPUT_ROWS_INVALID'): TensorMap {
  if (!task.inputRows) return input;
  try {
    return sliceRows(input, task.inputRows);
  } catch (err) {
    throw new ValidationError(errorCode, `input block ${task.inputHash}: ${(err as Error).message}`, { inputRows: task.inputRows });
  }
}

/**
 * Per-row aux feeds (a [rows, …] tensor of rank ≥ 2: seeded noise, image transforms) follow the
 * picked input rows; the others (statistics, scalars, column indices) are shared by every row.
 */
function withRowsPicked(aux: TensorMap, allRows: number | undefined, rows: readonly number[]): TensorMap {
  const perRow = Object.entries(aux).filter(([, t]) => t.dims.length >= 2 && t.dims[0] === allRows);
  return perRow.length ? { ...aux, ...pickRows(Object.fromEntries(perRow), rows) } : aux;
}

/** The given rows (first dimension) of every tensor of a map, copied, in the given order. */
export function pickRows(tensors: TensorMap, rows: readonly number[]): TensorMap {
  const picked: TensorMap = {};
  for (const [name, { data, dims }] of Object.entries(tensors)) {
    const width = dims.slice(1).reduce((a, b) => a * b, 1);
    const out = data instanceof BigInt64Array ? new BigInt64Array(rows.length * width) : new Float32Array(rows.length * width);
    rows.forEach((row, i) => {
      if (row < 0 || row >= (dims[0] ?? 0)) throw new ValidationError('COMPUTE.ROWS_OUT_OF_RANGE', `row ${row} is not in ${name} (${dims[0] ?? 0} rows)`);
      out.set(data.subarray(row * width, (row + 1) * width) as never, i * width);
    });
    picked[name] = { data: out, dims: [rows.length, ...dims.slice(1)] };
  }
  return picked;
}

async function readBlob(blobs: TaskBlobReader, sha256: string, role: string): Promise<Uint8Array> {
  const bytes = await blobs.get(sha256);
  if (!bytes) throw new TaskBlobMissingError('COMPUTE.BLOB_MISSING', `${role} blob ${sha256} is not in the blob store`, { role, sha256 });
  return bytes;
}
