import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { computeAddress } from 'ethers';
import { chainFromEnv } from './chain-from-env';
import { writeDeploymentFile, type DeploymentFile } from './deployment';
import { devPrivateKey, LOCAL_ACCOUNTS } from './keys';

const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const deployment = (chainId: number): DeploymentFile => ({
  chainId,
  rpcUrl: 'http://127.0.0.1:8547',
  contracts: { token: address(1), stakingPool: address(2), miningPool: address(3), proofRegistry: address(4), governor: address(5), timelock: address(6) },
  deployedAtBlock: 1,
  epochLength: 30,
  deployedAt: '2026-11-30T03:00:00.000Z',
});

describe('chainFromEnv', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(path.join(tmpdir(), 'corex-chain-env-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('given no deployment file, it is CHAIN.NOT_CONFIGURED', async () => {
    await expect(chainFromEnv({})).rejects.toMatchObject({ code: 'CHAIN.NOT_CONFIGURED', status: 503 });
    await expect(chainFromEnv({ COREX_DEPLOYMENT_FILE: path.join(dir, 'missing.json') })).rejects.toMatchObject({ code: 'CHAIN.NOT_CONFIGURED' });
  });

  it('given the local chain, the operator is dev account 1', async () => {
    const file = path.join(dir, 'deployment.json');
    await writeDeploymentFile(file, deployment(31337));
    const chain = await chainFromEnv({ COREX_DEPLOYMENT_FILE: file, COREX_CHAIN_LOCAL: '1' });
    expect(chain.operator?.address).toBe(computeAddress(devPrivateKey(LOCAL_ACCOUNTS.operator)));
    chain.provider.destroy();
  });

  it('given another chain, dev keys are never taken even with COREX_CHAIN_LOCAL=1: the key comes from its file', async () => {
    const file = path.join(dir, 'deployment.json');
    await writeDeploymentFile(file, deployment(8453));
    const none = await chainFromEnv({ COREX_DEPLOYMENT_FILE: file, COREX_CHAIN_LOCAL: '1' });
    expect(none.operator).toBeUndefined();
    none.provider.destroy();

    const key = `0x${'ab'.repeat(32)}`;
    await writeFile(path.join(dir, 'operator.key'), `${key}\n`);
    const withKey = await chainFromEnv({ COREX_DEPLOYMENT_FILE: file, COREX_OPERATOR_KEY_FILE: path.join(dir, 'operator.key') });
    expect(withKey.operator?.address).toBe(computeAddress(key));
    withKey.provider.destroy();
  });

  it('given npm start\'s home chain (id 1, recorded as local, on a loopback address), the operator is dev account 1; the same chain elsewhere or unrecorded takes no dev key', async () => {
    const file = path.join(dir, 'deployment.json');
    await writeDeploymentFile(file, { ...deployment(1), local: true });
    const chain = await chainFromEnv({ COREX_DEPLOYMENT_FILE: file, COREX_CHAIN_LOCAL: '1' });
    expect(chain.operator?.address).toBe(computeAddress(devPrivateKey(LOCAL_ACCOUNTS.operator)));
    chain.provider.destroy();

    const remote = await chainFromEnv({ COREX_DEPLOYMENT_FILE: file, COREX_CHAIN_LOCAL: '1', COREX_RPC_URL: 'https://eth.example.com' });
    expect(remote.operator).toBeUndefined();
    remote.provider.destroy();

    await writeDeploymentFile(file, deployment(1));
    const unrecorded = await chainFromEnv({ COREX_DEPLOYMENT_FILE: file, COREX_CHAIN_LOCAL: '1' });
    expect(unrecorded.operator).toBeUndefined();
    unrecorded.provider.destroy();
  });

  it('given a key that is not one, it says which variable', async () => {
    const file = path.join(dir, 'deployment.json');
    await writeDeploymentFile(file, deployment(8453));
    await expect(chainFromEnv({ COREX_DEPLOYMENT_FILE: file, COREX_OPERATOR_KEY: 'secret' })).rejects.toMatchObject({ code: 'CHAIN.KEY_INVALID' });
  });
});
