import { performance } from 'node:perf_hooks';
import type { InferenceSession } from 'onnxruntime-node';
import { buildFeeds, decodeTensorMap, taskInput, type TensorMap } from '@corex/compute';
import type { FragmentTask } from '@corex/events';
import { ValidationError } from '@corex/platform';
import type { ExecutorCaches } from './executor-caches';
import { fetchBlob, type BlobAccess } from './fetch-blob';
import { executeFederatedTask, isFederatedTask, type FederatedContext } from './federated/execute-federated';
import { toOrtTensors, type OrtTensorMap } from './ort-tensors';
import { runToTensorMap } from './run-graph';

export interface ExecuteOptions {
  caches: ExecutorCaches;
  /** The node's home and id: federated phases read its keys and private datasets there. */
  federation?: FederatedContext;
}

export interface ExecutionResult {
  /** Hash of the selected outputs as a tensor map, already stored in the blob store. */
  resultHash: string;
  rowsProcessed: number;
  /** Wall time of the fragment on its executor: fetching, running, hashing and storing the output. */
  durationMs: number;
  metrics: Record<string, number>;
  executionProvider: string;
}

const LOSS = 'loss';

/**
 * Runs one fragment: fetches its blobs by hash (graph, weights and aux only when not cached),
 * feeds the graph, keeps `task.outputs`, stores them as a tensor map and returns the hash.
 */
export async function executeTask(task: FragmentTask, blobs: BlobAccess, options: ExecuteOptions): Promise<ExecutionResult> {
  if (isFederatedTask(task)) return executeFederatedTask(task, blobs, options.caches, options.federation);
  const started = performance.now();
  const { caches } = options;
  const [input, weights, aux] = await Promise.all([
    inputOf(task, blobs, caches),
    task.weightsHash ? caches.weightFeeds(blobs, task.weightsHash) : undefined,
    task.auxHash ? caches.auxFeeds(blobs, task.auxHash) : undefined,
  ]);
  const loadGraph = () => fetchBlob(blobs, task.graphHash, 'graph');
  const { outputBytes, fetched, executionProvider } = await caches.sessions.use(task.graphHash, loadGraph, async ({ session, executionProvider }) => {
    const feeds = buildFeeds(session.inputNames, { input: toOrtTensors(input), weights, aux });
    const extra = outputsToFetch(task, session).filter((name) => !task.outputs.includes(name));
    return { ...(await runToTensorMap(session, feeds, task.outputs, extra)), executionProvider };
  });
  const resultHash = await blobs.put(outputBytes);
  const rowsProcessed = input.x?.dims[0] ?? task.rows;
  return {
    resultHash,
    rowsProcessed,
    durationMs: performance.now() - started,
    metrics: metricsOf(task, fetched, rowsProcessed),
    executionProvider,
  };
}

/** The task's input map: its rows of a shared (cached) input block, or a blob of its own. */
async function inputOf(task: FragmentTask, blobs: BlobAccess, caches: ExecutorCaches): Promise<TensorMap> {
  if (!task.inputRows) return decodeTensorMap(await fetchBlob(blobs, task.inputHash, 'input'));
  return taskInput(task, await caches.inputBlock(blobs, task.inputHash), 'RUNNER.INPUT_ROWS_INVALID');
}

/** The task's outputs, plus the loss a gradient result reports; refuses outputs the graph lacks. */
function outputsToFetch(task: FragmentTask, session: InferenceSession): string[] {
  const wanted = task.kind === 'gradient' ? [...new Set([...task.outputs, LOSS])] : task.outputs;
  const unknown = wanted.filter((name) => !session.outputNames.includes(name));
  if (unknown.length > 0) {
    throw new ValidationError('RUNNER.OUTPUT_UNKNOWN', `graph has no output ${unknown.join(', ')} (it has ${session.outputNames.join(', ')})`, {
      unknown,
    });
  }
  return wanted;
}

function metricsOf(task: FragmentTask, outputs: OrtTensorMap, rows: number): Record<string, number> {
  if (task.kind !== 'gradient') return { rows };
  const loss = outputs[LOSS]!;
  if (loss.size !== 1) throw new ValidationError('RUNNER.LOSS_INVALID', `gradient graph's loss has ${loss.size} values, expected a scalar`);
  return { loss: Number(loss.data[0]), rows };
}
