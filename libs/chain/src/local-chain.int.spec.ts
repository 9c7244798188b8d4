import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEther } from 'ethers';
import { connectCorex } from '@corex/chain-contracts';
import { freePort } from '@corex/chain-contracts/src/testing/anvil';
import { chainProvider } from './provider';
import { deploymentFileSchema } from './deployment';

interface Chain {
  rpcUrl: string;
  local: boolean;
  env: Record<string, string>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startChain, stopChain } = require('../../../scripts/lib/local-chain.cjs') as {
  startChain(o: { port: number; stateDir: string; deploymentFile: string }): Promise<Chain>;
  stopChain(c: Chain): Promise<void>;
};

/** What `npm start` does for the chain (scripts/lib/local-chain.cjs), on a port and a state directory of the test's own. */
describe('local chain of npm start', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'corex-local-chain-'));
    delete process.env.COREX_RPC_URL;
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('starts anvil, deploys and funds the demo wallet; started again it keeps the chain and reuses the deployment', async () => {
    const options = { port: await freePort(), stateDir: path.join(dir, 'anvil'), deploymentFile: path.join(dir, 'deployment.json') };
    const first = await startChain(options);
    let block: number;
    let firstBlockHash: string;
    let deployedAt: string;
    try {
      expect(first).toMatchObject({ local: true, env: { COREX_CHAIN_LOCAL: '1', COREX_DEPLOYMENT_FILE: options.deploymentFile, COREX_RPC_URL: first.rpcUrl } });
      const deployment = deploymentFileSchema.parse(JSON.parse(await readFile(options.deploymentFile, 'utf8')));
      deployedAt = deployment.deployedAt;
      const provider = chainProvider(first.rpcUrl, 31337);
      expect(await connectCorex(deployment.contracts, provider).token.balanceOf(deployment.demoWallet!)).toBe(parseEther('100000'));
      block = await provider.getBlockNumber();
      firstBlockHash = (await provider.getBlock(1))!.hash!;
      provider.destroy();
    } finally {
      await stopChain(first);
    }

    const second = await startChain(options);
    try {
      const deployment = deploymentFileSchema.parse(JSON.parse(await readFile(options.deploymentFile, 'utf8')));
      // A fresh chain would give a redeployment the same addresses: the record and block 1 tell them apart.
      expect(deployment.deployedAt).toBe(deployedAt);
      const provider = chainProvider(second.rpcUrl, 31337);
      expect(await provider.getBlockNumber()).toBeGreaterThanOrEqual(block);
      expect((await provider.getBlock(1))!.hash).toBe(firstBlockHash);
      expect(await provider.getCode(deployment.contracts.miningPool)).not.toBe('0x');
      expect(await connectCorex(deployment.contracts, provider).token.balanceOf(deployment.demoWallet!)).toBe(parseEther('100000'));
      provider.destroy();
    } finally {
      await stopChain(second);
    }
  });
});
