import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { allocateTensorMap, encodeTensorMap } from '@corex/compute';
import { fromOrtTensor, toOrtTensor, type OrtTensorMap } from './ort-tensors';
import { resolveOutputSpecs } from './output-specs';

export interface GraphRun {
  /** `outputs` as an encoded tensor map, ready to store. */
  outputBytes: Uint8Array;
  /** Every fetched tensor: `outputs` and `extra`. */
  fetched: OrtTensorMap;
}

/** Sessions on which a preallocated run failed where a plain one succeeded: never preallocate again. */
const preallocationRefused = new WeakSet<InferenceSession>();

/**
 * Runs the graph and encodes `outputs` as a tensor map. When the outputs' shapes follow from the
 * feeds, onnxruntime writes them straight into the encoded map's bytes (measured: a plain run of
 * a 1,024-row MLP batch spends a third of its time copying outputs into new buffers, then
 * encoding copies them again). `extra` outputs (e.g. a gradient's loss) are fetched, not encoded.
 */
export async function runToTensorMap(session: InferenceSession, feeds: OrtTensorMap, outputs: readonly string[], extra: readonly string[] = []): Promise<GraphRun> {
  const specs = preallocationRefused.has(session) ? null : resolveOutputSpecs(session.inputMetadata, session.outputMetadata, feeds, outputs);
  if (specs) {
    const allocated = allocateTensorMap(specs);
    const fetches: Record<string, Tensor | null> = Object.fromEntries(extra.map((name) => [name, null]));
    for (const { name } of specs) fetches[name] = toOrtTensor(allocated.tensors[name]!);
    try {
      return { outputBytes: allocated.bytes, fetched: await session.run(feeds, fetches) };
    } catch {
      const plain = await runPlain(session, feeds, outputs, extra);
      // The declared shapes misled us (the plain run worked): this graph's outputs are sized by onnxruntime from now on.
      preallocationRefused.add(session);
      return plain;
    }
  }
  return runPlain(session, feeds, outputs, extra);
}

async function runPlain(session: InferenceSession, feeds: OrtTensorMap, outputs: readonly string[], extra: readonly string[]): Promise<GraphRun> {
  const fetched = await session.run(feeds, [...new Set([...outputs, ...extra])]);
  const selected = Object.fromEntries(outputs.map((name) => [name, fromOrtTensor(name, fetched[name]!)]));
  return { outputBytes: encodeTensorMap(selected), fetched };
}
