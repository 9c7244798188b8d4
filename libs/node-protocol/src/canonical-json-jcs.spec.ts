import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson } from '@corex/platform';

/**
 * The canonical JSON a node signs is RFC 8785 (JCS), so that nodes in other languages can use an
 * RFC 8785 library: `canonicalize` is the reference implementation by one of the RFC's authors.
 * On every JSON value the two agree; they differ only on values JSON cannot carry.
 */
describe('canonicalJson is RFC 8785 (JCS)', () => {
  const values = (stringUnit: 'grapheme-ascii' | 'grapheme' | 'binary') => fc.jsonValue({ stringUnit, maxDepth: 4 });

  it('writes every JSON value as canonicalize does', () => {
    fc.assert(fc.property(values('grapheme'), (value) => expect(canonicalJson(value)).toBe(canonicalize(value))), { numRuns: 2_000 });
  });

  it('writes every value as canonicalize does after a trip over the wire (what the network canonicalises)', () => {
    fc.assert(
      fc.property(values('binary'), (value) => {
        const parsed = JSON.parse(JSON.stringify(value)) as unknown;
        expect(canonicalJson(parsed)).toBe(canonicalize(parsed));
      }),
      { numRuns: 2_000 },
    );
  });

  it('writes any double as canonicalize does, in ECMAScript form', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => expect(canonicalJson({ n })).toBe(canonicalize({ n }))), { numRuns: 5_000 });
    expect(canonicalJson([1.0, -0, 1e21, 1e-7, 0.000001, 123456789012345680000, 5e-324])).toBe('[1,0,1e+21,1e-7,0.000001,123456789012345680000,5e-324]');
  });

  it('sorts member names by UTF-16 code units, as RFC 8785 does (not by code points)', () => {
    const value = { '\u{1F600}': 1, '\uFB01': 2, a: 3, '': 4 };
    expect(canonicalJson(value)).toBe(canonicalize(value));
    expect(canonicalJson(value)).toBe('{"":4,"a":3,"😀":1,"ﬁ":2}');
  });

  it('refuses what canonicalize writes but JSON cannot carry: undefined in arrays, objects with toJSON', () => {
    expect(canonicalize([undefined])).toBe('[null]');
    expect(() => canonicalJson([undefined])).toThrow(/no canonical JSON/);
    const date = new Date('2025-01-01T00:00:00.000Z');
    expect(canonicalize({ date })).toBe('{"date":"2025-01-01T00:00:00.000Z"}');
    expect(() => canonicalJson({ date })).toThrow(/no canonical JSON/);
  });

  it('refuses non-finite numbers, as RFC 8785 does', () => {
    for (const n of [NaN, Infinity, -Infinity]) {
      expect(() => canonicalize(n)).toThrow();
      expect(() => canonicalJson(n)).toThrow(/non-finite/);
    }
  });
});
