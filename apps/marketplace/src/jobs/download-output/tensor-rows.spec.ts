import fc from 'fast-check';
import { decodeTensorMap, encodeTensorMap } from '@corex/compute';
import { openTensorRows, type TensorRow } from './tensor-rows';

/** The bytes cut at the given points: chunks as a store might hand them over. */
async function* cut(bytes: Uint8Array, points: number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const p of [...new Set(points)].sort((a, b) => a - b)) {
    if (p <= from || p >= bytes.length) continue;
    yield bytes.slice(from, p);
    from = p;
  }
  yield bytes.slice(from);
}

async function rowsOf(chunks: AsyncIterable<Uint8Array>, name: string): Promise<{ dims: number[]; rows: TensorRow[] }> {
  const { dims, rows } = await openTensorRows(chunks, name);
  const all: TensorRow[] = [];
  for await (const row of rows) all.push(row);
  return { dims, rows: all };
}

describe('reading one tensor of a tensor map row by row as its bytes arrive', () => {
  it('gives the rows the codec decodes, however the bytes are cut', async () => {
    const shape = fc.record({ rows: fc.integer({ min: 0, max: 20 }), width: fc.integer({ min: 1, max: 5 }), ints: fc.integer({ min: 0, max: 6 }) });
    await fc.assert(
      fc.asyncProperty(shape, fc.array(fc.nat(), { maxLength: 12 }), async ({ rows, width, ints }, points) => {
        const data = Float32Array.from({ length: rows * width }, (_, i) => Math.fround(Math.sin(i) * 1000));
        const labels = BigInt64Array.from({ length: ints }, (_, i) => BigInt(i * 7 - 3));
        const bytes = encodeTensorMap({ labels: { data: labels, dims: [ints] }, y: { data, dims: [rows, width] } });
        const decoded = decodeTensorMap(bytes);
        const y = await rowsOf(cut(bytes, points.map((p) => p % (bytes.length + 1))), 'y');
        expect(y.dims).toEqual([rows, width]);
        expect(y.rows.flat()).toEqual([...decoded['y']!.data]);
        expect(y.rows.every((row) => row.length === width)).toBe(true);
        const l = await rowsOf(cut(bytes, points), 'labels');
        expect(l.rows.flat()).toEqual([...decoded['labels']!.data]);
      }),
      { numRuns: 200 },
    );
  });

  it('reads the chunks to their end, so a store that checks the digest at the end still fails a bad blob', async () => {
    const bytes = encodeTensorMap({ y: { data: new Float32Array([1, 2]), dims: [1, 2] }, z: { data: new Float32Array(64), dims: [64] } });
    async function* failingAtEnd() {
      yield bytes.slice(0, 40);
      yield bytes.slice(40);
      throw new Error('digest mismatch');
    }
    await expect(rowsOf(failingAtEnd(), 'y')).rejects.toThrow('digest mismatch');
  });

  it('refuses what is not a tensor map holding that tensor', async () => {
    const bytes = encodeTensorMap({ y: { data: new Float32Array([1]), dims: [1, 1] } });
    await expect(rowsOf(cut(bytes, []), 'probabilities')).rejects.toThrow('no tensor probabilities');
    await expect(rowsOf(cut(new TextEncoder().encode('not a tensor map'), [3]), 'y')).rejects.toThrow('bad magic');
    const two = encodeTensorMap({ y: { data: new Float32Array([1, 2]), dims: [1, 2] } });
    await expect(rowsOf(cut(two.slice(0, two.length - 2), []), 'y')).rejects.toThrow('ends early');
  });
});
