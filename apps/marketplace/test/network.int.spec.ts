import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ZeroHash } from 'ethers';
import { deploymentRecord, writeDeploymentFile, type DeploymentFile } from '@corex/chain';
import { connectCorex, deployCorex, deployWormholeCore } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { networkSchema } from '../src/network/network.schema';
import { startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';

describe('GET /v1/network', () => {
  let anvil: AnvilChain;
  let dir: string;
  let harness: Harness;
  let deployment: DeploymentFile;

  beforeAll(async () => {
    anvil = await startAnvil();
    const deployer = anvil.wallet(0);
    const settler = anvil.wallet(1).address;
    const deployed = await deployCorex(deployer, { settler, anchor: settler, slasher: settler, binder: settler, epochLength: 30n });
    deployment = deploymentRecord(deployed, anvil.rpcUrl, 30);
    dir = await mkdtemp(path.join(tmpdir(), 'corex-network-'));
    harness = await startHarness({ env: { COREX_DEPLOYMENT_FILE: path.join(dir, 'deployment.json') } });
  });
  afterAll(async () => {
    await harness?.close();
    await anvil?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 503 CHAIN.NOT_CONFIGURED while the deployment file does not exist, with no API key', async () => {
    expectProblem(await harness.request('GET', '/v1/network'), 503, 'CHAIN.NOT_CONFIGURED');
  });

  it('shows the deployment and the epoch as the chain has them, without an API key', async () => {
    await writeDeploymentFile(path.join(dir, 'deployment.json'), deployment);
    const first = await harness.request('GET', '/v1/network');
    expect(first.status).toBe(200);
    expect(networkSchema.parse(first.body)).toEqual({
      chainId: 31337,
      rpcUrl: anvil.rpcUrl,
      contracts: deployment.contracts,
      deployedAtBlock: deployment.deployedAtBlock,
      epochLength: 30,
      currentEpoch: 0,
      blockNumber: expect.any(Number),
      chains: [],
    });

    const pool = connectCorex(deployment.contracts, anvil.wallet(1)).miningPool;
    await (await pool.postRoot(1, ZeroHash, 0)).wait();
    const second = await harness.request('GET', '/v1/network');
    expect(second.body.currentEpoch).toBe(1);
    expect(second.body.blockNumber).toBeGreaterThan(first.body.blockNumber);
  });

  it('lists every chain with its ids and contracts, Solana\'s mint and escrow and the guardian API, and no RPC URL but the public ones (the home chain\'s at the top level too)', async () => {
    const guardian = '0xbeFA429d57cD18b7F8A4d91A2da9AB4AF05d0FBe';
    const core = await deployWormholeCore(anvil.wallet(0), { wormholeChainId: 2, evmChainId: 31337n, guardians: [guardian] });
    const privateUrl = 'https://bsc.example.com/v2/secret-provider-key';
    const solana = { mint: 'CXTm1nt1111111111111111111111111111111111111', escrow: 'Escrow1111111111111111111111111111111111111', authority: 'Authority111111111111111111111111111111111' };
    await writeDeploymentFile(path.join(dir, 'deployment.json'), {
      ...deployment,
      chains: [
        { name: 'ethereum', evmChainId: 31337, wormholeChainId: 2, rpcUrl: anvil.rpcUrl, publicRpcUrl: 'https://eth.example.org', deployedAtBlock: core.deployedAtBlock, contracts: { wormholeCore: core.address } },
        { name: 'bsc', evmChainId: 56, wormholeChainId: 4, rpcUrl: privateUrl, deployedAtBlock: 3, contracts: { wormholeCore: core.address, taskPortal: deployment.contracts.token, peerToken: deployment.contracts.governor } },
      ],
      wormhole: { guardianSetIndex: 0, guardians: [guardian], guardianApiUrl: 'http://127.0.0.1:7071' },
      solana: { rpcUrl: 'https://solana.example.com/?api-key=secret-solana-key', ...solana },
    });
    const res = await harness.request('GET', '/v1/network');
    expect(res.status).toBe(200);
    const network = networkSchema.parse(res.body);
    expect(network.chains).toEqual([
      { name: 'ethereum', kind: 'evm', home: true, evmChainId: 31337, wormholeChainId: 2, rpcUrl: 'https://eth.example.org', deployedAtBlock: core.deployedAtBlock, contracts: { wormholeCore: core.address } },
      { name: 'bsc', kind: 'evm', home: false, evmChainId: 56, wormholeChainId: 4, deployedAtBlock: 3, contracts: { wormholeCore: core.address, taskPortal: deployment.contracts.token, peerToken: deployment.contracts.governor } },
      { name: 'solana', kind: 'solana', home: false, wormholeChainId: 1, solana },
    ]);
    // The home chain's public URL replaces the one the services use, at the top level too.
    expect(network.rpcUrl).toBe('https://eth.example.org');
    expect(network.wormhole).toEqual({ guardianSetIndex: 0, guardians: [guardian], guardianApiUrl: 'http://127.0.0.1:7071' });
    expect(JSON.stringify(res.body)).not.toMatch(/secret/);
  });

  it('answers 503 CHAIN.UNAVAILABLE, retryable, when the chain does not answer', async () => {
    await anvil.stop();
    const res = await harness.request('GET', '/v1/network');
    expectProblem(res, 503, 'CHAIN.UNAVAILABLE');
    expect(res.body.details).toEqual({ retryable: true });
  });

  it('answers 503 CHAIN.NOT_CONFIGURED on a marketplace with no deployment file set', async () => {
    const bare = await startHarness();
    try {
      expectProblem(await bare.request('GET', '/v1/network'), 503, 'CHAIN.NOT_CONFIGURED');
    } finally {
      await bare.close();
    }
  });
});
