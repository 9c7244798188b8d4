import { concat, keccak256, SigningKey, toBeHex, Wallet, zeroPadValue } from 'ethers';
import { deployWormholeCore, loadWormholeArtifacts } from '../src';
import { startAnvil, type AnvilChain } from '../src/testing/anvil';

/** Wormhole's published devnet guardian key (public: the guardian of every local Wormhole network). */
const DEVNET_GUARDIAN_KEY = '0xcfb12303a19cde580bb4dd771639b0d26bc68353645571a8cff516ab2ee113a0';

function signedVaa(keys: string[], body: string, guardianSetIndex = 0): string {
  const digest = keccak256(keccak256(body));
  const signatures = keys.map((key, index) => {
    const sig = new SigningKey(key).sign(digest);
    return concat([toBeHex(index, 1), sig.r, sig.s, toBeHex(sig.yParity, 1)]);
  });
  return concat(['0x01', toBeHex(guardianSetIndex, 4), toBeHex(keys.length, 1), ...signatures, body]);
}

function body(payload: string, emitterChain = 4, sequence = 7n): string {
  return concat([toBeHex(1_700_000_000, 4), toBeHex(42, 4), toBeHex(emitterChain, 2), zeroPadValue('0xabcd', 32), toBeHex(sequence, 8), '0x01', payload]);
}

describe('the real Wormhole core, from the npm package that ships it', () => {
  let chain: AnvilChain;
  beforeAll(async () => {
    chain = await startAnvil({ chainId: 56 });
  });
  afterAll(async () => chain?.stop());

  it('is extracted once with its ABI and bytecode, deployed behind its proxy with the devnet guardian, and verifies what that guardian signs', async () => {
    const artifacts = loadWormholeArtifacts();
    expect(artifacts.Implementation.abi.map((f) => f.name)).toEqual(expect.arrayContaining(['parseAndVerifyVM', 'publishMessage', 'messageFee']));
    const guardian = new Wallet(DEVNET_GUARDIAN_KEY).address;
    const { core } = await deployWormholeCore(chain.wallet(0), { wormholeChainId: 4, evmChainId: 56n, guardians: [guardian] });
    expect(await core.chainId()).toBe(4n);
    expect(await core.getGuardianSet(0)).toEqual([[guardian], 0n]);

    const good = signedVaa([DEVNET_GUARDIAN_KEY], body('0xc0ffee'));
    const [vm, valid, reason] = await core.parseAndVerifyVM(good);
    expect({ valid, reason, chain: vm.emitterChainId, sequence: vm.sequence, payload: vm.payload }).toEqual({ valid: true, reason: '', chain: 4n, sequence: 7n, payload: '0xc0ffee' });

    const tampered = good.slice(0, -2) + 'ef';
    expect((await core.parseAndVerifyVM(tampered))[1]).toBe(false);
    const stranger = signedVaa([Wallet.createRandom().privateKey], body('0xc0ffee'));
    expect((await core.parseAndVerifyVM(stranger)).slice(1)).toEqual([false, 'VM signature invalid']);
  }, 60_000);
});
