import fc from 'fast-check';
import { allocateTensorMap, decodeTensorMap, encodeTensorMap } from './tensor-map-codec';

describe('tensor map codec', () => {
  it('round-trips float32 and int64 tensors of any shape', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ noNaN: true }), { maxLength: 50 }),
        fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 20 }),
        (floats, ints) => {
          const map = {
            x: { data: Float32Array.from(floats), dims: [floats.length] },
            y: { data: BigInt64Array.from(ints), dims: [1, ints.length] },
          };
          const back = decodeTensorMap(encodeTensorMap(map));
          expect(Array.from(back.x!.data as Float32Array)).toEqual(Array.from(map.x.data));
          expect(Array.from(back.y!.data as BigInt64Array)).toEqual(ints);
          expect(back.y!.dims).toEqual([1, ints.length]);
        },
      ),
    );
  });

  it('decodes from a Node Buffer that is a view into a larger pool', () => {
    const bytes = encodeTensorMap({ x: { data: new Float32Array([1.5, -2, 3.25]), dims: [3] } });
    const pooled = Buffer.concat([Buffer.alloc(13, 7), Buffer.from(bytes)]).subarray(13);
    const x = decodeTensorMap(pooled).x!;
    expect(Array.from(x.data as Float32Array)).toEqual([1.5, -2, 3.25]);
  });

  it('refuses truncated or foreign bytes with a stable code', () => {
    const bytes = encodeTensorMap({ x: { data: new Float32Array([1, 2, 3, 4]), dims: [2, 2] } });
    expect(() => decodeTensorMap(bytes.subarray(0, bytes.length - 4))).toThrow(expect.objectContaining({ code: 'COMPUTE.TENSOR_MAP_INVALID' }));
    expect(() => decodeTensorMap(new TextEncoder().encode('PK\u0003\u0004zip'))).toThrow(expect.objectContaining({ code: 'COMPUTE.TENSOR_MAP_INVALID' }));
  });
});

describe('allocated tensor maps', () => {
  it('encode to the same bytes as encodeTensorMap once their views are filled', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 3 }), (rows, cols, ints) => {
        const x = Float32Array.from({ length: rows * cols }, (_, i) => i / 3);
        const y = BigInt64Array.from({ length: ints }, (_, i) => BigInt(i) - 1n);
        const allocated = allocateTensorMap([
          { name: 'x', dtype: 'float32', dims: [rows, cols] },
          { name: 'y', dtype: 'int64', dims: [ints] },
        ]);
        (allocated.tensors.x!.data as Float32Array).set(x);
        (allocated.tensors.y!.data as BigInt64Array).set(y);
        expect(Buffer.from(allocated.bytes).equals(Buffer.from(encodeTensorMap({ x: { data: x, dims: [rows, cols] }, y: { data: y, dims: [ints] } })))).toBe(true);
      }),
    );
  });

  it('decodes aligned tensors as views into the bytes instead of copies', () => {
    const bytes = encodeTensorMap({ x: { data: new Float32Array([1, 2]), dims: [2] } });
    expect(decodeTensorMap(bytes).x!.data.buffer).toBe(bytes.buffer);
  });
});

it('refuses to encode a tensor whose dims do not match its values', () => {
  expect(() => encodeTensorMap({ x: { data: new Float32Array(3), dims: [2, 2] } })).toThrow(RangeError);
});
