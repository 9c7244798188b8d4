import fc from 'fast-check';
import { decodeTensorMap, encodeTensorMap } from './tensor-map-codec';

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
