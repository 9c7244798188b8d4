import { Wallet } from 'ethers';
import { serializeVaa, signVaa, toUniversalAddress, bodyDigest, type VaaBody } from './vaa';
import { quorum, verifyVaa, type GuardianSet, type VerifyVaaOptions } from './verify';

const DEVNET_KEY = '0xcfb12303a19cde580bb4dd771639b0d26bc68353645571a8cff516ab2ee113a0';
const EMITTER = '0x00000000000000000000000000000000000000AB';
const keys = [DEVNET_KEY, Wallet.createRandom().privateKey, Wallet.createRandom().privateKey, Wallet.createRandom().privateKey];
const address = (key: string) => new Wallet(key).address;

const body: VaaBody = { timestamp: 1_700_000_000, nonce: 1, emitterChain: 4, emitterAddress: toUniversalAddress(EMITTER), sequence: 3n, consistencyLevel: 1, payload: '0xc0ffee' };
const options = (over: Partial<VerifyVaaOptions> = {}): VerifyVaaOptions => ({
  guardianSets: new Map<number, GuardianSet>([
    [0, { keys: [address(DEVNET_KEY)] }],
    [1, { keys: keys.slice(0, 3).map(address) }],
  ]),
  allowedEmitters: [{ chain: 4, address: EMITTER }],
  now: 1_700_000_100,
  ...over,
});
const devnetVaa = (b: VaaBody = body) => serializeVaa(signVaa(b, [DEVNET_KEY]));
const codeOf = async (bytes: string, over: Partial<VerifyVaaOptions> = {}) => {
  const result = await verifyVaa(bytes, options(over));
  return result.ok ? 'ok' : result.code;
};

describe('verifyVaa', () => {
  it('accepts a VAA the devnet guardian signed for a registered emitter and returns its replay hash', async () => {
    const result = await verifyVaa(devnetVaa(), options({ consumed: new Set<string>() }));
    expect(result).toMatchObject({ ok: true, vaa: { emitterChain: 4, sequence: 3n, payload: '0xc0ffee', hash: bodyDigest(body) } });
  });

  it('accepts a quorum of a larger set signed in ascending guardian order', async () => {
    expect([quorum(1), quorum(3), quorum(4), quorum(19)]).toEqual([1, 3, 3, 13]);
    const vaa = serializeVaa(signVaa(body, [keys[0]!, keys[2]!, keys[3]!], 2, [0, 2, 3]));
    expect(await codeOf(vaa, { guardianSets: new Map([[2, { keys: keys.map(address) }]]) })).toBe('ok');
  });

  it('refuses bytes that are not a VAA with VAA.MALFORMED', async () => {
    expect(await codeOf(devnetVaa().slice(0, 80))).toBe('VAA.MALFORMED');
    expect(await codeOf(`0x02${devnetVaa().slice(4)}`)).toBe('VAA.MALFORMED');
    expect(await codeOf('0xzz')).toBe('VAA.MALFORMED');
  });

  it('refuses a guardian set index it does not know with VAA.UNKNOWN_GUARDIAN_SET', async () => {
    expect(await codeOf(serializeVaa(signVaa(body, [DEVNET_KEY], 7)))).toBe('VAA.UNKNOWN_GUARDIAN_SET');
  });

  it('refuses a VAA of a guardian set past its expiry with VAA.GUARDIAN_SET_EXPIRED', async () => {
    const guardianSets = new Map([[0, { keys: [address(DEVNET_KEY)], expiresAt: 1_700_000_050 }]]);
    expect(await codeOf(devnetVaa(), { guardianSets })).toBe('VAA.GUARDIAN_SET_EXPIRED');
    expect(await codeOf(devnetVaa(), { guardianSets, now: 1_700_000_050 })).toBe('ok');
  });

  it('refuses fewer signatures than floor(2n/3)+1 with VAA.NO_QUORUM', async () => {
    expect(await codeOf(serializeVaa(signVaa(body, [keys[0]!, keys[1]!], 1)))).toBe('VAA.NO_QUORUM');
    expect(await codeOf(serializeVaa(signVaa(body, [])))).toBe('VAA.NO_QUORUM');
  });

  it('refuses signatures out of ascending guardian order, repeated, out of the set or by another key with VAA.BAD_SIGNATURE', async () => {
    const set1 = keys.slice(0, 3);
    expect(await codeOf(serializeVaa(signVaa(body, [set1[1]!, set1[0]!, set1[2]!], 1, [1, 0, 2])))).toBe('VAA.BAD_SIGNATURE');
    expect(await codeOf(serializeVaa(signVaa(body, [set1[0]!, set1[0]!, set1[1]!], 1, [0, 0, 1])))).toBe('VAA.BAD_SIGNATURE');
    expect(await codeOf(serializeVaa(signVaa(body, [set1[0]!, set1[1]!, set1[2]!], 1, [0, 1, 3])))).toBe('VAA.BAD_SIGNATURE');
    expect(await codeOf(serializeVaa(signVaa(body, [Wallet.createRandom().privateKey])))).toBe('VAA.BAD_SIGNATURE');
  });

  it('refuses a body changed after signing with VAA.BAD_SIGNATURE', async () => {
    const good = devnetVaa();
    expect(await codeOf(`${good.slice(0, -2)}ef`)).toBe('VAA.BAD_SIGNATURE');
  });

  it('refuses a VAA from an emitter that is not a registered peer with VAA.WRONG_EMITTER', async () => {
    expect(await codeOf(devnetVaa({ ...body, emitterChain: 23 }))).toBe('VAA.WRONG_EMITTER');
    expect(await codeOf(devnetVaa({ ...body, emitterAddress: toUniversalAddress('0x00000000000000000000000000000000000000AC') }))).toBe('VAA.WRONG_EMITTER');
  });

  it('refuses a VAA whose hash the receiver consumed before with VAA.REPLAYED', async () => {
    const consumed = { has: async (hash: string) => hash === bodyDigest(body) };
    expect(await codeOf(devnetVaa(), { consumed })).toBe('VAA.REPLAYED');
    expect(await codeOf(devnetVaa({ ...body, sequence: 4n }), { consumed })).toBe('ok');
  });
});
