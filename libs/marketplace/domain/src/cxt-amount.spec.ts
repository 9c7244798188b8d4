import fc from 'fast-check';
import { formatCxt, parseCxt } from './cxt-amount';

describe('CXT amounts', () => {
  it('round-trips any amount in base units through its decimal form', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 36n - 1n }), (units) => {
        expect(parseCxt(formatCxt(units))).toBe(units);
      }),
    );
  });

  it('reads decimals exactly, without floating point', () => {
    expect(parseCxt('0.1')).toBe(10n ** 17n);
    expect(parseCxt('123.000000000000000001')).toBe(123n * 10n ** 18n + 1n);
  });

  it.each(['', '.5', '1.', '1.0000000000000000001', 'abc', '1,5', ' 1'])('rejects %j', (text) => {
    expect(parseCxt(text)).toBeNull();
  });
});
