import { ValidationError } from '@corex/platform';

/** One row of a `[rows, width]` (or `[rows]`) tensor: float32 values as numbers, int64 as bigints. */
export type TensorRow = Array<number | bigint>;

interface Entry {
  name: string;
  dtype: 'float32' | 'int64';
  dims: number[];
  offset: number;
  length: number;
}

const fail = (why: string) => new ValidationError('COMPUTE.TENSOR_MAP_INVALID', `invalid tensor map: ${why}`);
const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const ALIGN = 8;

/** Bytes as they arrive in chunks, taken in the sizes a reader asks for. */
class ChunkReader {
  private pending: Buffer = Buffer.alloc(0);
  /** Position in the whole of pending[0]. */
  private at = 0;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  /** The next `bytes` bytes (a view, valid until the next take). */
  async take(bytes: number): Promise<Buffer> {
    while (this.pending.length < bytes) {
      const next = await this.source.next();
      if (next.done) throw fail('it ends early');
      const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    }
    const taken = this.pending.subarray(0, bytes);
    this.pending = this.pending.subarray(bytes);
    this.at += bytes;
    return taken;
  }

  /** Drops what comes before `position`, holding no more than one chunk at a time. */
  async skipTo(position: number): Promise<void> {
    while (this.at + this.pending.length < position) {
      this.at += this.pending.length;
      this.pending = Buffer.alloc(0);
      const next = await this.source.next();
      if (next.done) throw fail('it ends early');
      this.pending = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    }
    await this.take(position - this.at);
  }

  /** Reads the rest without keeping it: a store that checks the digest at the end still does. */
  async drain(): Promise<void> {
    for (let next = await this.source.next(); !next.done; next = await this.source.next());
  }

  async stop(): Promise<void> {
    await this.source.return?.(undefined);
  }
}

/**
 * Reads one tensor of a tensor map (the @corex/compute codec: `CXTM`, uint32 LE header length, a
 * JSON header of entries, then each tensor's little-endian bytes, 8-byte aligned) row by row as
 * its bytes arrive, holding no more than a chunk and a row: a download turns a blob of any size
 * into CSV without decoding it whole. The chunks are read to their end.
 */
export async function openTensorRows(chunks: AsyncIterable<Uint8Array>, name: string): Promise<{ dims: number[]; rows: AsyncGenerator<TensorRow> }> {
  const reader = new ChunkReader(chunks[Symbol.asyncIterator]());
  try {
    const { entry, bodyStart } = await readHeader(reader, name);
    return { dims: entry.dims, rows: rowsOf(reader, entry, bodyStart) };
  } catch (err) {
    await reader.stop();
    throw err;
  }
}

async function readHeader(reader: ChunkReader, name: string): Promise<{ entry: Entry; bodyStart: number }> {
  const prefix = await reader.take(8);
  if (prefix.subarray(0, 4).toString('latin1') !== 'CXTM') throw fail('bad magic');
  const headerLength = prefix.readUInt32LE(4);
  let entries: unknown;
  try {
    entries = JSON.parse((await reader.take(headerLength)).toString('utf8'));
  } catch (err) {
    throw err instanceof ValidationError ? err : fail('header is not JSON');
  }
  const entry = Array.isArray(entries) ? (entries as Entry[]).find((e) => e?.name === name) : undefined;
  if (!entry) throw fail(`it has no tensor ${name}`);
  const { dims } = entry;
  const usable = Array.isArray(dims) && dims.length <= 2 && dims.every(isCount) && isCount(entry.offset) && entry.offset % ALIGN === 0;
  if (!usable || !['float32', 'int64'].includes(entry.dtype)) throw fail(`entry ${name}`);
  if (dims.reduce((a, b) => a * b, 1) !== entry.length) throw fail(`dims of ${name} do not match its length`);
  return { entry, bodyStart: Math.ceil((8 + headerLength) / ALIGN) * ALIGN };
}

async function* rowsOf(reader: ChunkReader, entry: Entry, bodyStart: number): AsyncGenerator<TensorRow> {
  const size = entry.dtype === 'int64' ? 8 : 4;
  const width = entry.dims[1] ?? 1;
  const count = entry.dims.length === 0 ? 1 : entry.dims[0]!;
  await reader.skipTo(bodyStart + entry.offset);
  for (let r = 0; r < count; r++) {
    const bytes = await reader.take(width * size);
    const row: TensorRow = new Array(width);
    for (let c = 0; c < width; c++) row[c] = size === 8 ? bytes.readBigInt64LE(c * 8) : bytes.readFloatLE(c * 4);
    yield row;
  }
  await reader.drain();
}
