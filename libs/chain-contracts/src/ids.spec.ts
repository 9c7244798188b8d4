import { keccak256, toUtf8Bytes } from 'ethers';
import { accountIdToBytes32, nodeIdToBytes32 } from './ids';

describe('on-chain ids', () => {
  it('a node id is keccak256 of its id string as UTF-8', () => {
    const nodeId = 'U'.repeat(56);
    expect(nodeIdToBytes32(nodeId)).toBe(keccak256(toUtf8Bytes(nodeId)));
    expect(nodeIdToBytes32(nodeId)).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('an account id is hashed the same way, and different ids give different keys', () => {
    expect(accountIdToBytes32('acct-1')).toBe(keccak256(toUtf8Bytes('acct-1')));
    expect(accountIdToBytes32('acct-1')).not.toBe(accountIdToBytes32('acct-2'));
  });

  it('refuses an empty id', () => {
    expect(() => nodeIdToBytes32('')).toThrow('empty node id');
    expect(() => accountIdToBytes32('')).toThrow('empty account id');
  });
});
