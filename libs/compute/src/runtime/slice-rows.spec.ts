import { sliceRows } from './feeds';

describe('sliceRows', () => {
  const block = {
    x: { data: Float32Array.from({ length: 12 }, (_, i) => i), dims: [4, 3] },
    y: { data: BigInt64Array.from([0n, 1n, 2n, 1n]), dims: [4] },
  };

  it('takes the same rows of every tensor, as views of the block', () => {
    const rows = sliceRows(block, [1, 3]);
    expect(rows.x).toEqual({ data: Float32Array.from([3, 4, 5, 6, 7, 8]), dims: [2, 3] });
    expect(rows.y).toEqual({ data: BigInt64Array.from([1n, 2n]), dims: [2] });
    expect(rows.x!.data.buffer).toBe(block.x.data.buffer);
  });

  it('refuses rows a tensor does not have, with a stable code', () => {
    for (const range of [[3, 5], [2, 2], [-1, 1]] as const) {
      expect(() => sliceRows(block, range)).toThrow(expect.objectContaining({ code: 'COMPUTE.ROWS_OUT_OF_RANGE' }));
    }
    expect(() => sliceRows({ s: { data: new Float32Array([1]), dims: [] } }, [0, 1])).toThrow(expect.objectContaining({ code: 'COMPUTE.ROWS_OUT_OF_RANGE' }));
  });
});
