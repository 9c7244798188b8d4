import * as ort from 'onnxruntime-node';

/** A tensor as plain data: float32 or int64 values, row-major, with their dimensions. */
export interface TensorData {
  readonly data: Float32Array | BigInt64Array;
  readonly dims: readonly number[];
}

/** Named tensors, as fed to or returned from a graph. */
export type TensorMap = Record<string, TensorData>;

/** A loaded graph that can be run many times (e.g. once per training step). */
export interface ComputeSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: TensorMap): Promise<TensorMap>;
  release(): Promise<void>;
}

/** Loads model bytes into an onnxruntime CPU session. */
export async function openSession(modelBytes: Uint8Array): Promise<ComputeSession> {
  const session = await ort.InferenceSession.create(modelBytes, { executionProviders: ['cpu'] });
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    run: async (feeds) => fromOrt(await session.run(toOrt(feeds))),
    release: () => session.release(),
  };
}

/** Loads the model, runs it once on `feeds` and releases it. */
export async function runSession(modelBytes: Uint8Array, feeds: TensorMap): Promise<TensorMap> {
  const session = await openSession(modelBytes);
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

function toOrt(feeds: TensorMap): Record<string, ort.Tensor> {
  return Object.fromEntries(Object.entries(feeds).map(([name, tensor]) => [name, toOrtTensor(tensor)]));
}

function toOrtTensor({ data, dims }: TensorData): ort.Tensor {
  return data instanceof BigInt64Array ? new ort.Tensor('int64', data, dims) : new ort.Tensor('float32', data, dims);
}

function fromOrt(results: ort.InferenceSession.ReturnType): TensorMap {
  return Object.fromEntries(
    Object.entries(results).map(([name, tensor]) => {
      const { data, dims } = tensor;
      if (!(data instanceof Float32Array || data instanceof BigInt64Array)) {
        throw new TypeError(`output "${name}" has unsupported type ${tensor.type}`);
      }
      return [name, { data, dims }];
    }),
  );
}
