import { bytes32Hex } from './memos';

describe('memo encoding of bytes32 values', () => {
  it('writes a bytes32 as 64 lowercase hex digits without 0x, from hex or bytes', () => {
    expect(bytes32Hex(`0x${'AB'.repeat(32)}`)).toBe('ab'.repeat(32));
    expect(bytes32Hex('cd'.repeat(32))).toBe('cd'.repeat(32));
    expect(bytes32Hex(new Uint8Array(32).fill(1))).toBe('01'.repeat(32));
  });

  it('refuses anything that is not 32 bytes', () => {
    expect(() => bytes32Hex('0x1234')).toThrow('bytes32');
    expect(() => bytes32Hex(new Uint8Array(31))).toThrow('32 bytes');
  });
});
