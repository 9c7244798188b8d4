/**
 * Bare onnxruntime on a worker thread, for the node-runner bench's bare baselines: decodes its
 * batches into tensors before the clock, then on each `run` message runs
 * `count` batches with plain `session.run` and answers `done`. No hashing, no blob traffic.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { decodeTensorMap, type TensorMap } from '@corex/compute';

interface BareThreadData {
  graph: Uint8Array;
  weights: TensorMap;
  batches: Uint8Array[];
  /** Absent: onnxruntime's default (all cores). */
  intraOpThreads?: number;
}

const { graph, weights, batches, intraOpThreads } = workerData as BareThreadData;
const toOrt = (map: TensorMap) => Object.fromEntries(Object.entries(map).map(([name, t]) => [name, new Tensor('float32', t.data as Float32Array, t.dims)]));

async function main(): Promise<void> {
  const session = await InferenceSession.create(graph, { executionProviders: ['cpu'], ...(intraOpThreads ? { intraOpNumThreads: intraOpThreads } : {}) });
  const feeds = batches.map((bytes) => ({ ...toOrt(weights), ...toOrt(decodeTensorMap(bytes)) }));
  parentPort!.on('message', async ({ count, offset }: { count: number; offset: number }) => {
    for (let i = 0; i < count; i++) await session.run(feeds[(offset + i) % feeds.length]!, ['probabilities']);
    parentPort!.postMessage('done');
  });
  parentPort!.postMessage('ready');
}

void main();
