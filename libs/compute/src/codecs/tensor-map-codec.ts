import { ValidationError } from '@corex/platform';
import type { TensorData, TensorMap } from '../runtime/session';

const MAGIC = 'CXTM';
const ALIGN = 8;

interface EntryHeader {
  name: string;
  dtype: 'float32' | 'int64';
  dims: number[];
  offset: number;
  length: number;
}

/**
 * Binary form of named tensors, the one format for shards, aux feeds and outputs in the blob
 * store: `CXTM`, uint32 LE header length, a JSON header of entries, then each tensor's bytes
 * (little-endian, 8-byte aligned) in header order.
 */
export function encodeTensorMap(tensors: TensorMap): Uint8Array {
  const entries: EntryHeader[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const dtype = t.data instanceof BigInt64Array ? 'int64' : 'float32';
    entries.push({ name, dtype, dims: [...t.dims], offset, length: t.data.length });
    offset = align(offset + t.data.byteLength);
  }
  const header = new TextEncoder().encode(JSON.stringify(entries));
  const bodyStart = align(8 + header.length);
  const out = new Uint8Array(bodyStart + offset);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, header.length, true);
  out.set(header, 8);
  Object.values(tensors).forEach((t, i) => {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), bodyStart + entries[i]!.offset);
  });
  return out;
}

/** Reads a tensor map; throws COMPUTE.TENSOR_MAP_INVALID on anything malformed. */
export function decodeTensorMap(bytes: Uint8Array): TensorMap {
  const fail = (why: string) => new ValidationError('COMPUTE.TENSOR_MAP_INVALID', `invalid tensor map: ${why}`);
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw fail('bad magic');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + headerLength > bytes.length) throw fail('header past the end');
  let entries: EntryHeader[];
  try {
    entries = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    throw fail('header is not JSON');
  }
  const bodyStart = align(8 + headerLength);
  const tensors: TensorMap = {};
  for (const e of entries) tensors[e.name] = readEntry(bytes, bodyStart, e, fail);
  return tensors;
}

function readEntry(bytes: Uint8Array, bodyStart: number, e: EntryHeader, fail: (why: string) => Error): TensorData {
  const width = e.dtype === 'int64' ? 8 : e.dtype === 'float32' ? 4 : 0;
  if (!width || !Array.isArray(e.dims) || !Number.isSafeInteger(e.length) || e.length < 0) throw fail(`entry ${e.name}`);
  if (e.dims.reduce((a, b) => a * b, 1) !== e.length) throw fail(`dims of ${e.name} do not match its length`);
  const start = bodyStart + e.offset;
  if (start + e.length * width > bytes.length) throw fail(`${e.name} runs past the end`);
  // Copy so the tensor is aligned and independent of the blob buffer. Buffer#slice is a view,
  // not a copy, so call Uint8Array's own slice whatever subclass came in.
  const copy = Uint8Array.prototype.slice.call(bytes, start, start + e.length * width).buffer;
  const data = e.dtype === 'int64' ? new BigInt64Array(copy) : new Float32Array(copy);
  return { data, dims: e.dims };
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
