import fc from 'fast-check';
import { canonicalJson, NonCanonicalValueError } from './canonical-json';

describe('canonicalJson', () => {
  it('gives the same text whatever the key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
  });

  it('parses back to an equal value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)))));
  });

  it('sorts nested keys and omits whitespace', () => {
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: 'x' })).toBe('{"a":"x","b":[1,{"c":2,"d":1}]}');
  });

  it('refuses values JSON cannot carry exactly', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(NonCanonicalValueError);
    expect(() => canonicalJson({ x: 1n })).toThrow(NonCanonicalValueError);
  });
});


describe('canonicalJson on signed message bodies', () => {
  it('gives the same text whatever the key order, at every depth', () => {
    const a = { b: 1, a: { y: [1, { q: true, p: null }], x: 'x' } };
    const b = { a: { x: 'x', y: [1, { p: null, q: true }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"x","y":[1,{"p":null,"q":true}]},"b":1}');
  });

  it('survives a JSON round trip with whitespace unchanged', () => {
    const value = { name: 'n\u00e9ud "1"', n: 1.5e-7, list: [3, 2, 1] };
    const wire = JSON.stringify(value, null, 2);
    expect(canonicalJson(JSON.parse(wire))).toBe(canonicalJson(value));
  });

  it.each([NaN, Infinity, -Infinity])('refuses the non-finite number %p', (n) => {
    expect(() => canonicalJson({ a: [n] })).toThrow(NonCanonicalValueError);
  });

  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/unsupported object/);
    expect(() => canonicalJson([undefined])).toThrow(/unsupported undefined/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/unsupported bigint/);
  });

  it('leaves out properties whose value is undefined, as the wire would', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});
