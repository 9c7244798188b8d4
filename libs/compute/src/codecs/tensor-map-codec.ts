import { ValidationError } from '@corex/platform';
import type { TensorData, TensorMap } from '../runtime/session';

const MAGIC = 'CXTM';
const MAGIC_BYTES = new TextEncoder().encode(MAGIC);
const ALIGN = 8;

export type TensorDtype = 'float32' | 'int64';

/** A tensor's name, element type and shape: what a tensor map's header says of it. */
export interface TensorSpec {
  name: string;
  dtype: TensorDtype;
  dims: readonly number[];
}

interface EntryHeader {
  name: string;
  dtype: TensorDtype;
  dims: number[];
  offset: number;
  length: number;
}

/** A tensor map whose bytes are laid out but not yet filled, with a writable view per tensor. */
export interface AllocatedTensorMap {
  bytes: Uint8Array;
  /** Views into `bytes`: whatever is written into them is the encoded map's content. */
  tensors: TensorMap;
}

/**
 * Binary form of named tensors, the one format for shards, aux feeds and outputs in the blob
 * store: `CXTM`, uint32 LE header length, a JSON header of entries, then each tensor's bytes
 * (little-endian, 8-byte aligned) in header order.
 */
export function encodeTensorMap(tensors: TensorMap): Uint8Array {
  const named = Object.entries(tensors);
  for (const [name, t] of named) {
    if (t.dims.reduce((a, b) => a * b, 1) !== t.data.length) throw new RangeError(`tensor ${name}: dims [${t.dims.join(', ')}] do not hold ${t.data.length} values`);
  }
  const { bytes, tensors: views } = allocateTensorMap(named.map(([name, t]) => ({ name, dtype: dtypeOf(t.data), dims: t.dims })));
  for (const [name, t] of named) views[name]!.data.set(t.data as never);
  return bytes;
}

/**
 * Lays out a tensor map for tensors still to be computed, so that a producer (onnxruntime's
 * preallocated outputs) writes straight into the encoded bytes instead of into a buffer that is
 * then copied. The bytes are not zeroed: every tensor must be written in full.
 */
export function allocateTensorMap(specs: readonly TensorSpec[]): AllocatedTensorMap {
  const entries: EntryHeader[] = [];
  let offset = 0;
  for (const { name, dtype, dims } of specs) {
    const length = dims.reduce((a, b) => a * b, 1);
    entries.push({ name, dtype, dims: [...dims], offset, length });
    offset = align(offset + length * widthOf(dtype));
  }
  const header = new TextEncoder().encode(JSON.stringify(entries));
  const bodyStart = align(8 + header.length);
  // allocUnsafe skips zero-filling bytes that are written next; slice it out of Node's shared pool
  // only for its own, aligned, buffer.
  const bytes = new Uint8Array(Buffer.allocUnsafeSlow(bodyStart + offset).buffer, 0, bodyStart + offset);
  bytes.fill(0, 0, bodyStart);
  bytes.set(MAGIC_BYTES, 0);
  new DataView(bytes.buffer).setUint32(4, header.length, true);
  bytes.set(header, 8);
  const tensors: TensorMap = {};
  for (const e of entries) {
    const start = bodyStart + e.offset;
    tensors[e.name] = { data: e.dtype === 'int64' ? new BigInt64Array(bytes.buffer, start, e.length) : new Float32Array(bytes.buffer, start, e.length), dims: e.dims };
    bytes.fill(0, start + e.length * widthOf(e.dtype), bodyStart + align(e.offset + e.length * widthOf(e.dtype)));
  }
  return { bytes, tensors };
}

/**
 * Reads a tensor map; throws COMPUTE.TENSOR_MAP_INVALID on anything malformed. Tensors that are
 * aligned in memory are views into `bytes` (no copy): do not change `bytes` while they are used.
 */
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
  if (!Array.isArray(entries)) throw fail('header is not a list of entries');
  const bodyStart = align(8 + headerLength);
  const tensors: TensorMap = {};
  for (const e of entries) {
    if (!isEntryName(e?.name) || Object.prototype.hasOwnProperty.call(tensors, e.name)) throw fail('an entry has no usable, unique name');
    tensors[e.name] = readEntry(bytes, bodyStart, e, fail);
  }
  return tensors;
}

/** Names become object keys: a blob from outside must not name `__proto__` or be empty. */
function isEntryName(name: unknown): name is string {
  return typeof name === 'string' && name.length > 0 && name.length <= 256 && name !== '__proto__';
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

function readEntry(bytes: Uint8Array, bodyStart: number, e: EntryHeader, fail: (why: string) => Error): TensorData {
  const width = e.dtype === 'int64' ? 8 : e.dtype === 'float32' ? 4 : 0;
  if (!width || !Array.isArray(e.dims) || !e.dims.every(isCount) || !isCount(e.length)) throw fail(`entry ${e.name}`);
  // Offsets are where the encoder put each tensor: aligned, inside the body.
  if (!isCount(e.offset) || e.offset % ALIGN !== 0) throw fail(`offset of ${e.name}`);
  if (e.dims.reduce((a, b) => a * b, 1) !== e.length) throw fail(`dims of ${e.name} do not match its length`);
  const start = bodyStart + e.offset;
  if (start + e.length * width > bytes.length) throw fail(`${e.name} runs past the end`);
  const at = bytes.byteOffset + start;
  if (at % width === 0) {
    const data = e.dtype === 'int64' ? new BigInt64Array(bytes.buffer, at, e.length) : new Float32Array(bytes.buffer, at, e.length);
    return { data, dims: e.dims };
  }
  // Misaligned (a view into a pooled Buffer): typed arrays need aligned memory, so copy. Buffer#slice
  // is a view, not a copy, so call Uint8Array's own slice whatever subclass came in.
  const copy = Uint8Array.prototype.slice.call(bytes, start, start + e.length * width).buffer;
  return { data: e.dtype === 'int64' ? new BigInt64Array(copy) : new Float32Array(copy), dims: e.dims };
}

function widthOf(dtype: TensorDtype): number {
  return dtype === 'int64' ? 8 : 4;
}

function dtypeOf(data: TensorData['data']): TensorDtype {
  return data instanceof BigInt64Array ? 'int64' : 'float32';
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
