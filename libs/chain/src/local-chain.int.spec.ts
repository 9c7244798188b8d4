import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { decodeBase58, parseEther, toBeHex, Wallet } from 'ethers';
import { address, createSolanaRpc } from '@solana/kit';
import { connectCorex, CorexHub__factory, wormholeCoreAt } from '@corex/chain-contracts';
import { freePort } from '@corex/chain-contracts/src/testing/anvil';
import { fetchSignedVaa, serializeVaa, signVaa, toUniversalAddress } from '@corex/wormhole';
import { chainProvider } from './provider';
import { deploymentFileSchema, type DeploymentFile } from './deployment';
import { DEVNET_GUARDIAN_ADDRESS } from './chains-config';
import { devPrivateKey } from './keys';

interface Chain {
  rpcUrl: string;
  local: boolean;
  env: Record<string, string>;
  chains: Array<{ name: string; rpcUrl: string }>;
  guardian?: { bin: string; env: Record<string, string> };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startChain, stopChain } = require('../../../scripts/lib/local-chain.cjs') as {
  startChain(o: { port: number; ports: Record<string, number>; stateDir: string; deploymentFile: string }): Promise<Chain>;
  stopChain(c: Chain): Promise<void>;
};

/** Wormhole's published devnet guardian key (public). */
const DEVNET_GUARDIAN_KEY = '0xcfb12303a19cde580bb4dd771639b0d26bc68353645571a8cff516ab2ee113a0';
const EXPECTED = [
  { name: 'ethereum', evmChainId: 1, wormholeChainId: 2 },
  { name: 'bsc', evmChainId: 56, wormholeChainId: 4 },
  { name: 'arbitrum', evmChainId: 42161, wormholeChainId: 23 },
];

const readDeployment = async (file: string): Promise<DeploymentFile> => deploymentFileSchema.parse(JSON.parse(await readFile(file, 'utf8')));

/** A message from `emitterChain`, signed by the devnet guardian, as every local core must accept it. */
function devnetVaa(emitterChain: number, sequence: bigint): string {
  const body = { timestamp: 1_700_000_000, nonce: 7, emitterChain, emitterAddress: toUniversalAddress('0x000000000000000000000000000000000000c0de'), sequence, consistencyLevel: 1, payload: '0xc0ffee' };
  return serializeVaa(signVaa(body, [DEVNET_GUARDIAN_KEY]));
}

/** What `npm start` does for the chains (scripts/lib/local-chain.cjs), on ports and a state directory of the test's own. */
describe('local chains of npm start', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'corex-local-chain-'));
    delete process.env.COREX_RPC_URL;
    delete process.env.COREX_GUARDIAN_API_URL;
    process.env.COREX_GUARDIAN_PORT = String(await freePort());
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('starts home (1), bsc (56) and arbitrum (42161) with a devnet-guardian Wormhole core and the bridge contracts each, Corex on home, CXT mint and escrow on the Solana devnet; started again it keeps the chains and reuses the deployment, and its devnet guardian signs what one core publishes for another', async () => {
    const [port, bsc, arbitrum, solana] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const options = { port, ports: { bsc, arbitrum, solana }, stateDir: path.join(dir, 'anvil'), deploymentFile: path.join(dir, 'deployment.json') };
    const first = await startChain(options);
    let firstRecord: DeploymentFile;
    let firstBlockHash: string;
    try {
      expect(first).toMatchObject({
        local: true,
        env: { COREX_CHAIN_LOCAL: '1', COREX_DEPLOYMENT_FILE: options.deploymentFile, COREX_RPC_URL: `http://127.0.0.1:${port}`, COREX_RPC_URL_BSC: `http://127.0.0.1:${bsc}`, COREX_RPC_URL_ARBITRUM: `http://127.0.0.1:${arbitrum}`, COREX_SOLANA_RPC_URL: `http://127.0.0.1:${solana}` },
      });
      firstRecord = await readDeployment(options.deploymentFile);
      expect(firstRecord).toMatchObject({ chainId: 1, local: true, wormhole: { guardianSetIndex: 0, guardians: [DEVNET_GUARDIAN_ADDRESS] } });
      expect(firstRecord.chains!.map(({ name, evmChainId, wormholeChainId, rpcUrl, publicRpcUrl }) => ({ name, evmChainId, wormholeChainId, rpcUrl, publicRpcUrl }))).toEqual(
        EXPECTED.map((c, i) => ({ ...c, rpcUrl: first.chains[i]!.rpcUrl, publicRpcUrl: first.chains[i]!.rpcUrl })),
      );
      for (const [i, c] of firstRecord.chains!.entries()) {
        const provider = chainProvider(c.rpcUrl, c.evmChainId);
        expect(Number(await provider.send('eth_chainId', []))).toBe(EXPECTED[i]!.evmChainId);
        // The bridge: CorexHub and a TaskPortal on home, a CorexPeerToken and a TaskPortal on each remote chain.
        expect(Object.keys(c.contracts).sort()).toEqual(i === 0 ? ['hub', 'taskPortal', 'wormholeCore'] : ['peerToken', 'taskPortal', 'wormholeCore']);
        for (const a of Object.values(c.contracts)) expect(await provider.getCode(a!)).not.toBe('0x');
        const core = wormholeCoreAt(c.contracts.wormholeCore, provider);
        expect(await core.chainId!()).toBe(BigInt(c.wormholeChainId));
        // A message from the next chain round the ring: what a receiver on this chain verifies.
        const [vm, valid, reason] = await core.parseAndVerifyVM!(devnetVaa(EXPECTED[(i + 1) % 3]!.wormholeChainId, BigInt(i + 1)));
        expect({ valid, reason, emitterChainId: vm.emitterChainId, payload: vm.payload }).toEqual({ valid: true, reason: '', emitterChainId: BigInt(EXPECTED[(i + 1) % 3]!.wormholeChainId), payload: '0xc0ffee' });
        provider.destroy();
      }
      // Solana: the CXT mint (9 decimals) and the escrow exist on the devnet.
      expect(firstRecord.solana).toMatchObject({ rpcUrl: `http://127.0.0.1:${solana}`, mint: expect.any(String), escrow: expect.any(String), authority: expect.any(String) });
      const balance = await createSolanaRpc(firstRecord.solana!.rpcUrl).getTokenAccountBalance(address(firstRecord.solana!.escrow)).send();
      expect(balance.value).toMatchObject({ amount: '0', decimals: 9 });
      const home = chainProvider(first.rpcUrl, 1);
      expect(await connectCorex(firstRecord.contracts, home).token.balanceOf(firstRecord.demoWallet!)).toBe(parseEther('100000'));
      // The hub sends rewards to Solana only to its registered peer, the bridge authority; BRIDGE_ROLE is the bridge's own account.
      const hub = CorexHub__factory.connect(firstRecord.chains![0]!.contracts.hub!, home);
      expect(await hub.tokenPeerOf(1)).toBe(toBeHex(decodeBase58(firstRecord.solana!.authority!), 32));
      expect(await hub.hasRole(await hub.BRIDGE_ROLE(), first.env.COREX_BRIDGE_PAYOUT_ADDRESS!)).toBe(true);
      firstBlockHash = (await home.getBlock(1))!.hash!;
      home.destroy();
    } finally {
      await stopChain(first);
    }

    const second = await startChain(options);
    try {
      const record = await readDeployment(options.deploymentFile);
      // A fresh chain would give a redeployment the same addresses: the record and block 1 tell them apart.
      expect(record.deployedAt).toBe(firstRecord.deployedAt);
      expect(record.chains).toEqual(firstRecord.chains);
      expect(record.solana).toEqual(firstRecord.solana);
      const home = chainProvider(second.rpcUrl, 1);
      expect((await home.getBlock(1))!.hash).toBe(firstBlockHash);
      expect(await connectCorex(record.contracts, home).token.balanceOf(record.demoWallet!)).toBe(parseEther('100000'));
      home.destroy();
      // The devnet guardian npm start runs signs what bsc's core publishes; arbitrum's core accepts it.
      expect(record.wormhole?.guardianApiUrl).toBe(second.env.COREX_GUARDIAN_API_URL);
      const guardian = spawn(process.execPath, [second.guardian!.bin], { env: { ...process.env, ...second.guardian!.env }, stdio: 'ignore' });
      try {
        const bsc = chainProvider(second.chains[1]!.rpcUrl, 56);
        const sender = new Wallet(devPrivateKey(3), bsc);
        const bscCore = wormholeCoreAt(record.chains![1]!.contracts.wormholeCore, sender);
        const receipt = await (await bscCore.publishMessage!(1, '0xbeef', 1)).wait();
        const sequence = bscCore.interface.parseLog(receipt.logs[0])!.args.sequence as bigint;
        const vaa = await fetchSignedVaa(record.wormhole!.guardianApiUrl!, 4, toUniversalAddress(sender.address), sequence, { timeoutMs: 30_000 });
        const arb = chainProvider(second.chains[2]!.rpcUrl, 42161);
        const [vm, valid] = await wormholeCoreAt(record.chains![2]!.contracts.wormholeCore, arb).parseAndVerifyVM!(vaa);
        expect({ valid, emitterChainId: vm.emitterChainId, payload: vm.payload }).toEqual({ valid: true, emitterChainId: 4n, payload: '0xbeef' });
        arb.destroy();
        bsc.destroy();
      } finally {
        guardian.kill('SIGTERM');
      }
    } finally {
      await stopChain(second);
    }
  }, 240_000);
});
