import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deployWormholeCore } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { DEVNET_GUARDIAN_ADDRESS, type EvmChainConfig } from './chains-config';
import { ensureBridgeChains, type BridgeChainTarget } from './ensure-bridge-chains';
import { ensureDeployment } from './ensure-deployment';

/**
 * The deploy script's path on a chain that is not npm start's: the Wormhole cores already exist
 * (configured, as Wormhole's are on mainnets) and are never deployed. Two "chains" share one anvil
 * (one per test file): cores with Wormhole ids 2 and 4.
 */
describe('ensureBridgeChains with configured Wormhole cores', () => {
  let anvil: AnvilChain;
  let dir: string;
  let file: string;
  let cores: [string, string];
  const config = (name: string, home: boolean, wormholeChainId: number, wormholeCore?: string): EvmChainConfig & { rpcUrl: string } => ({
    name,
    home,
    evmChainId: 31337,
    wormholeChainId,
    rpcUrl: anvil.rpcUrl,
    wormholeCore,
  });
  const targets = (deployer: boolean, coreOfBsc: string | undefined = cores[1]): BridgeChainTarget[] => [
    { config: config('ethereum', true, 2, cores[0]), provider: anvil.provider, deployer: deployer ? anvil.wallet(0) : undefined },
    { config: config('bsc', false, 4, coreOfBsc), provider: anvil.provider, deployer: deployer ? anvil.wallet(0) : undefined },
  ];

  beforeAll(async () => {
    anvil = await startAnvil();
    dir = await mkdtemp(path.join(tmpdir(), 'corex-bridge-chains-'));
    file = path.join(dir, 'deployment.json');
    await ensureDeployment({ file, provider: anvil.provider, rpcUrl: anvil.rpcUrl, deployer: anvil.wallet(0), operator: anvil.wallet(1).address, epochLength: 30 });
    const guardians = [DEVNET_GUARDIAN_ADDRESS];
    cores = [
      (await deployWormholeCore(anvil.wallet(0), { wormholeChainId: 2, evmChainId: 31337n, guardians })).address,
      (await deployWormholeCore(anvil.wallet(0), { wormholeChainId: 4, evmChainId: 31337n, guardians })).address,
    ];
  });
  afterAll(async () => {
    await anvil?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('given no deployer key, records the configured cores and the guardian set the home core holds, without bridge contracts', async () => {
    const result = await ensureBridgeChains({ file, chains: targets(false), guardians: [], guardianApiUrl: 'https://api.wormholescan.io' });
    expect(result).toMatchObject({ outcome: { ethereum: 'configured', bsc: 'configured' }, bridge: 'absent' });
    expect(result.deployment.chains!.map((c) => c.contracts)).toEqual([{ wormholeCore: cores[0] }, { wormholeCore: cores[1] }]);
    expect(result.deployment.wormhole).toEqual({ guardianSetIndex: 0, guardians: [DEVNET_GUARDIAN_ADDRESS], guardianApiUrl: 'https://api.wormholescan.io' });
  });

  it('given a deployer key, deploys the bridge on the configured cores; run again, it reuses everything', async () => {
    const first = await ensureBridgeChains({ file, chains: targets(true), guardians: [], bridge: { token: await recordedToken(), operator: anvil.wallet(1).address } });
    expect(first).toMatchObject({ outcome: { ethereum: 'reused', bsc: 'reused' }, bridge: 'deployed' });
    const [home, bsc] = first.deployment.chains!;
    expect(Object.keys(home!.contracts).sort()).toEqual(['hub', 'taskPortal', 'wormholeCore']);
    expect(Object.keys(bsc!.contracts).sort()).toEqual(['peerToken', 'taskPortal', 'wormholeCore']);

    const second = await ensureBridgeChains({ file, chains: targets(true), guardians: [], bridge: { token: await recordedToken(), operator: anvil.wallet(1).address } });
    expect(second).toMatchObject({ outcome: { ethereum: 'reused', bsc: 'reused' }, bridge: 'reused' });
    expect(second.deployment.chains).toEqual(first.deployment.chains);
  });

  it('given a chain whose core is neither recorded nor configured, refuses to deploy one there and leaves the file as it was', async () => {
    const before = await readFile(file, 'utf8');
    const other = targets(true);
    other[1] = { ...other[1]!, config: { ...other[1]!.config, name: 'arbitrum', wormholeChainId: 23, wormholeCore: undefined } };
    await expect(ensureBridgeChains({ file, chains: other, guardians: [] })).rejects.toThrow(/chain arbitrum: no Wormhole core answers as recorded, and none is configured/);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  async function recordedToken(): Promise<string> {
    return (JSON.parse(await readFile(file, 'utf8')) as { contracts: { token: string } }).contracts.token;
  }
});
