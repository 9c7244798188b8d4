import { Wallet } from 'ethers';
import { bodyDigest, parseVaa, serializeVaa, signVaa, toUniversalAddress, VaaFormatError, type VaaBody } from './vaa';

const body: VaaBody = {
  timestamp: 1_700_000_000,
  nonce: 42,
  emitterChain: 4,
  emitterAddress: toUniversalAddress('0x00000000000000000000000000000000000000AB'),
  sequence: 7n,
  consistencyLevel: 1,
  payload: '0xc0ffee',
};

describe('VAA codec', () => {
  it('round-trips a signed VAA and keeps the body the guardians signed', () => {
    const keys = [Wallet.createRandom().privateKey, Wallet.createRandom().privateKey];
    const vaa = signVaa(body, keys, 3);
    const parsed = parseVaa(serializeVaa(vaa));
    expect(parsed).toMatchObject({ ...body, guardianSetIndex: 3, version: 1 });
    expect(parsed.signatures.map((s) => s.guardianIndex)).toEqual([0, 1]);
    expect(bodyDigest(parsed.body)).toBe(bodyDigest(body));
  });

  it('refuses truncated bytes and other versions with VAA.MALFORMED', () => {
    const bytes = serializeVaa(signVaa(body, [Wallet.createRandom().privateKey]));
    expect(() => parseVaa(bytes.slice(0, 40))).toThrow(VaaFormatError);
    expect(() => parseVaa(`0x02${bytes.slice(4)}`)).toThrow(/version 2/);
  });
});
