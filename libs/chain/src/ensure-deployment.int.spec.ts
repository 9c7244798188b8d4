import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEther } from 'ethers';
import { connectCorex } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { ensureDeployment } from './ensure-deployment';
import { readDeploymentFile } from './deployment';

describe('ensureDeployment against anvil', () => {
  let anvil: AnvilChain;
  let dir: string;
  beforeEach(async () => {
    anvil = await startAnvil();
    dir = await mkdtemp(path.join(tmpdir(), 'corex-deploy-'));
  });
  afterEach(async () => {
    await anvil.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const ensure = (chain: AnvilChain, file: string) =>
    ensureDeployment({
      file,
      provider: chain.provider,
      rpcUrl: chain.rpcUrl,
      deployer: chain.wallet(0),
      operator: chain.wallet(1).address,
      epochLength: 30,
      demoWallet: chain.wallet(2).address,
      demoFunding: parseEther('500'),
    });

  it('deploys and records once, then reuses the deployment that answers and funds the demo wallet only up to its target', async () => {
    const file = path.join(dir, 'deployment.json');
    const first = await ensure(anvil, file);
    expect(first.reused).toBe(false);
    expect(first.funded).toBe(parseEther('500'));
    expect(await readDeploymentFile(file)).toEqual(first.deployment);
    expect(first.deployment).toMatchObject({ chainId: 31337, rpcUrl: anvil.rpcUrl, epochLength: 30, roles: { operator: anvil.wallet(1).address } });
    const pool = connectCorex(first.deployment.contracts, anvil.provider).miningPool;
    expect(await pool.epochLength()).toBe(30n);
    expect(await pool.hasRole(await pool.SETTLER_ROLE(), anvil.wallet(1).address)).toBe(true);

    const second = await ensure(anvil, file);
    expect(second.reused).toBe(true);
    expect(second.funded).toBe(0n);
    expect(second.deployment.contracts).toEqual(first.deployment.contracts);
    expect(await connectCorex(first.deployment.contracts, anvil.provider).token.balanceOf(anvil.wallet(2).address)).toBe(parseEther('500'));
  });

  it('deploys anew when the recorded addresses hold no code (a fresh chain)', async () => {
    const file = path.join(dir, 'deployment.json');
    const first = await ensure(anvil, file);
    const fresh = await startAnvil();
    try {
      // The same deployer nonces give the same addresses: make the fresh chain's differ first.
      await (await fresh.wallet(0).sendTransaction({ to: fresh.wallet(3).address, value: 1n })).wait();
      const again = await ensure(fresh, file);
      expect(again.reused).toBe(false);
      expect(again.deployment.contracts.token).not.toBe(first.deployment.contracts.token);
      expect(await fresh.provider.getCode(again.deployment.contracts.token)).not.toBe('0x');
    } finally {
      await fresh.stop();
    }
  });

  it('refuses to deploy without a deployer key when nothing answers', async () => {
    await expect(
      ensureDeployment({ file: path.join(dir, 'none.json'), provider: anvil.provider, rpcUrl: anvil.rpcUrl, operator: anvil.wallet(1).address, epochLength: 30 }),
    ).rejects.toThrow(/no deployer key/);
  });
});
