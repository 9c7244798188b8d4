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

describe('tensor map codec refuses a header it cannot trust', () => {
  const align8 = (n: number) => Math.ceil(n / 8) * 8;
  /** The map `x = [1, 2]` with its header entries replaced by `entries`, body unchanged. */
  const withHeader = (entries: unknown) => {
    const encoded = encodeTensorMap({ x: { data: new Float32Array([1, 2]), dims: [2] } });
    const body = encoded.subarray(align8(8 + new DataView(encoded.buffer, encoded.byteOffset).getUint32(4, true)));
    const header = new TextEncoder().encode(JSON.stringify(entries));
    const start = align8(8 + header.length);
    const bytes = new Uint8Array(start + body.length);
    bytes.set(new TextEncoder().encode('CXTM'));
    new DataView(bytes.buffer).setUint32(4, header.length, true);
    bytes.set(header, 8);
    bytes.set(body, start);
    return bytes;
  };
  const entry = { name: 'x', dtype: 'float32', dims: [2], offset: 0, length: 2 };

  it('still reads the well-formed entry', () => {
    expect(Array.from(decodeTensorMap(withHeader([entry])).x!.data as Float32Array)).toEqual([1, 2]);
  });

  it.each([
    ['a header that is not a list', { x: entry }],
    ['a missing offset', [{ ...entry, offset: undefined }]],
    ['a negative offset', [{ ...entry, offset: -8 }]],
    ['an unaligned offset', [{ ...entry, offset: 4, dims: [1], length: 1 }]],
    ['negative dims', [{ ...entry, dims: [-1, -2] }]],
    ['a duplicated name', [entry, entry]],
    ['the name __proto__', [{ ...entry, name: '__proto__' }]],
    ['an empty name', [{ ...entry, name: '' }]],
  ])('%s', (_, entries) => {
    expect(() => decodeTensorMap(withHeader(entries))).toThrow(expect.objectContaining({ code: 'COMPUTE.TENSOR_MAP_INVALID' }));
  });
});
