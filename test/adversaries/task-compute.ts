import type { NatsConnection } from '@nats-io/nats-core';
import pino from 'pino';
import { decodeTensorMap, encodeTensorMap, type TensorMap } from '@corex/compute';
import type { FragmentTask } from '@corex/events';
import { BlobReader, readTaskObject, taskBucketName, UploadStore } from '@corex/eventstore';
import { openSealedBlob, type TaskSealing } from '@corex/node-protocol';
import { sha256Hex } from '@corex/platform';
import { createExecutorCaches, type ExecutorCaches } from '../../apps/node-runner/src/execute/executor-caches';
import { executeTask } from '../../apps/node-runner/src/execute/execute-task';

/** A result the adversary holds before deciding what to send: its bytes, hash and metrics. */
export interface ComputedResult {
  bytes: Uint8Array;
  resultHash: string;
  rowsProcessed: number;
  metrics: Record<string, number>;
  durationMs: number;
}

/**
 * Runs tasks for real (the adversary needs genuine outputs to tamper with, copy or replay): reads
 * the sealed task blobs as any node does (task bucket, names and key from the assignment) and
 * runs the node-runner's pure executor on them, keeping the output instead of uploading it.
 */
export class TaskCompute {
  private readonly caches: ExecutorCaches;

  private constructor(
    private readonly reader: BlobReader,
    private readonly uploads: UploadStore,
    private readonly nodeId: string,
  ) {
    // One onnxruntime thread: several adversaries and node-runners share the test machine's cores.
    this.caches = createExecutorCaches({ executionProvider: 'cpu', logger: pino({ level: 'warn' }, pino.destination(2)), sessionOptions: { intraOpNumThreads: 1 } });
  }

  static async open(nc: NatsConnection, prefix: string, nodeId: string): Promise<TaskCompute> {
    return new TaskCompute(await BlobReader.open(nc, taskBucketName(prefix)), await UploadStore.open(nc, prefix), nodeId);
  }

  async run(task: FragmentTask, sealing: TaskSealing): Promise<ComputedResult> {
    let bytes: Uint8Array | undefined;
    const access = {
      get: async (sha256: string) => {
        const name = sealing.blobs[sha256];
        const sealed = name ? await readTaskObject(this.reader, name) : null;
        return sealed && openSealedBlob(Buffer.from(sealing.key, 'base64'), sha256, sealed);
      },
      put: async (output: Uint8Array) => {
        bytes = output;
        return sha256Hex(output);
      },
    };
    const result = await executeTask(task, access, { caches: this.caches });
    return { bytes: bytes!, resultHash: result.resultHash, rowsProcessed: result.rowsProcessed, metrics: result.metrics, durationMs: result.durationMs };
  }

  /** Uploads result bytes under this node, where the scheduler reads a reveal's blob. */
  upload(bytes: Uint8Array): Promise<string> {
    return this.uploads.put(this.nodeId, bytes);
  }
}

/**
 * The same outputs (names, dtypes, dims) filled with random values in [0, 1): a lazy node's
 * result. Random rather than zeros, so that two lazy results never share a hash (which would
 * make the second one a replay as well).
 */
export function randomLike(bytes: Uint8Array): Uint8Array {
  const outputs = decodeTensorMap(bytes);
  const noise: TensorMap = {};
  for (const [name, t] of Object.entries(outputs)) {
    noise[name] = { dims: t.dims, data: t.data instanceof BigInt64Array ? new BigInt64Array(t.data.length) : Float32Array.from(t.data, () => Math.random()) };
  }
  return encodeTensorMap(noise);
}

/** The same outputs with every float value nudged: a result that differs from the honest one. */
export function perturbed(bytes: Uint8Array): Uint8Array {
  const outputs = decodeTensorMap(bytes);
  const changed: TensorMap = {};
  for (const [name, t] of Object.entries(outputs)) {
    changed[name] = t.data instanceof Float32Array ? { dims: t.dims, data: t.data.map((v) => v + 0.5) } : t;
  }
  return encodeTensorMap(changed);
}

/** Result bytes as stored: the same tensor map encoding the executor uses. */
export function withHash(bytes: Uint8Array): { bytes: Uint8Array; resultHash: string } {
  return { bytes, resultHash: sha256Hex(bytes) };
}
