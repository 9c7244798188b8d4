import { decodeTensorMap, type TensorData } from '@corex/compute';
import type { BlobReader } from '../runtime/recent-results';

export interface CompletedPart {
  rowRange: readonly [number, number];
  resultHash: string;
  /** Set for a step's fragments (training records who contributed what). */
  fragmentId?: string;
  nodeId?: string | null;
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

const PARALLEL_READS = 16;

/** Reads one named output of every part, in row order; each is `[rows, width]` float32. */
export async function readRows(blobs: BlobReader, parts: CompletedPart[], output: string): Promise<{ rows: number[][]; width: number }> {
  const ordered = [...parts].sort((a, b) => a.rowRange[0] - b.rowRange[0]);
  const tensors: TensorData[] = [];
  for (let i = 0; i < ordered.length; i += PARALLEL_READS) {
    tensors.push(...(await Promise.all(ordered.slice(i, i + PARALLEL_READS).map((part) => readOutput(blobs, part, output)))));
  }
  const rows: number[][] = [];
  let width = 0;
  for (const tensor of tensors) {
    width = Number(tensor.dims[1] ?? 1);
    const data = tensor.data as Float32Array;
    for (let r = 0; r < data.length / width; r++) rows.push(Array.from(data.subarray(r * width, (r + 1) * width), round));
  }
  return { rows, width };
}

async function readOutput(blobs: BlobReader, part: CompletedPart, output: string): Promise<TensorData> {
  const bytes = await blobs.get(part.resultHash);
  if (!bytes) throw new Error(`result blob ${part.resultHash} is missing`);
  const tensor = decodeTensorMap(bytes)[output];
  if (!tensor) throw new Error(`result blob ${part.resultHash} has no ${output}`);
  return tensor;
}

/**
 * `{kind:'predictions'}`: the most likely class of every row with the class probabilities; for
 * a regressor's `prediction` output, the predicted value of every row.
 */
export async function predictionsDocument(blobs: BlobReader, parts: CompletedPart[], output: string, classNames: readonly string[]) {
  const { rows } = await readRows(blobs, parts, output);
  const stored = { output, parts: storedParts(parts) };
  if (output === 'prediction') return { kind: 'predictions' as const, classNames: null, predictions: rows.map(([value], row) => ({ row, value })), ...stored };
  const predictions = rows.map((probabilities, row) => {
    const best = probabilities.indexOf(Math.max(...probabilities));
    return { row, class: classNames[best] ?? best, probabilities };
  });
  return { kind: 'predictions' as const, classNames: classNames.length ? classNames : null, predictions, ...stored };
}

/** `{kind:'embeddings'}`: one hidden-layer vector per row. */
export async function embeddingsDocument(blobs: BlobReader, parts: CompletedPart[]) {
  const { rows, width } = await readRows(blobs, parts, 'embeddings');
  return { kind: 'embeddings' as const, dims: width, embeddings: rows, output: 'embeddings', parts: storedParts(parts) };
}

/** Where each fragment's output is stored (tensor maps holding `output`), in row order: the owner downloads them. */
function storedParts(parts: CompletedPart[]) {
  return [...parts].sort((a, b) => a.rowRange[0] - b.rowRange[0]).map((p) => ({ rowRange: [...p.rowRange], blobHash: p.resultHash }));
}

/** `{kind:'preprocessed-data'}`: where each transformed slice is stored (tensor maps with `y`). */
export function preprocessedDocument(parts: CompletedPart[], operation: string) {
  return { kind: 'preprocessed-data' as const, operation, output: 'y', shards: storedParts(parts) };
}

export function encodeDocument(document: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(document));
}
