import { stringifyJson } from './json';
import { uiTokenAmount } from './token-balances';

describe('devnet response encoding', () => {
  it('writes bigints as plain JSON numbers without losing digits', () => {
    expect(stringifyJson({ rentEpoch: 18446744073709551615n, lamports: [1n, 2n], memo: 'bigint' })).toBe(
      '{"rentEpoch":18446744073709551615,"lamports":[1,2],"memo":"bigint"}',
    );
  });

  it('formats token amounts like the RPC: trailing zeros dropped, whole amounts without a point', () => {
    expect(uiTokenAmount(1_500_000_000n, 9)).toEqual({ amount: '1500000000', decimals: 9, uiAmount: 1.5, uiAmountString: '1.5' });
    expect(uiTokenAmount(7_000_000_000n, 9).uiAmountString).toBe('7');
    expect(uiTokenAmount(1n, 9).uiAmountString).toBe('0.000000001');
    expect(uiTokenAmount(42n, 0).uiAmountString).toBe('42');
  });
});
