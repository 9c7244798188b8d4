import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { parseUnits } from 'ethers';
import { deploymentRecord, writeDeploymentFile, type DeploymentFile } from '@corex/chain';
import { accountIdToBytes32, connectCorex, deployCorex, nodeIdToBytes32, type CorexContracts } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { createCliLogger } from '../cli-logger';
import { IDENTITY_FILE, loadOrCreateIdentity } from '../identity/node-identity';

const CLI = path.resolve(__dirname, '../../bin/node-runner.js');
const cxt = (n: string) => parseUnits(n, 18);
const COOLDOWN = 3600;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  json: Record<string, any>;
}

/** The CLI as an operator runs it: a real child process. */
function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      let json = {};
      try {
        json = JSON.parse(stdout);
      } catch {
        // human output
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}

describe('node-runner stake, unstake, withdraw, rewards against a real chain', () => {
  let anvil: AnvilChain;
  let dir: string;
  let home: string;
  let nodeId: string;
  let env: Record<string, string>;
  let contracts: CorexContracts;
  let deployment: DeploymentFile;
  const staker = () => anvil.wallet(3);

  beforeAll(async () => {
    anvil = await startAnvil();
    const deployer = anvil.wallet(0);
    const operator = anvil.wallet(1).address;
    const staking = { minStake: cxt('1000'), maxBoostStake: cxt('100000'), verifierThreshold: cxt('50000'), unstakeCooldown: BigInt(COOLDOWN) };
    const deployed = await deployCorex(deployer, { settler: operator, anchor: operator, slasher: operator, binder: operator, staking, epochLength: 30n });
    deployment = deploymentRecord(deployed, anvil.rpcUrl, 30);
    contracts = connectCorex(deployed, deployer);
    await (await contracts.token.transfer(staker().address, cxt('150000'))).wait();
    await (await contracts.token.transfer(anvil.wallet(4).address, cxt('5000'))).wait();
    dir = await mkdtemp(path.join(tmpdir(), 'corex-stake-cli-'));
    home = path.join(dir, 'node');
    nodeId = (await loadOrCreateIdentity(home, createCliLogger('warn'))).nodeId;
    await writeDeploymentFile(path.join(dir, 'deployment.json'), deployment);
    await writeFile(path.join(dir, 'staker.key'), `${staker().privateKey}\n`, { mode: 0o600 });
    env = { COREX_DEPLOYMENT_FILE: path.join(dir, 'deployment.json'), COREX_STAKER_KEY_FILE: path.join(dir, 'staker.key'), COREX_NODE_HOME: home };
  }, 120_000);

  afterAll(async () => {
    await anvil?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('approves and stakes for this node: 3x boost and verifier at the maximum stake, exactly that stake on-chain', async () => {
    const run = await cli(['stake', '100000', '--json'], env);
    expect(run).toMatchObject({ code: 0, json: { ok: true, action: 'stake', amount: String(cxt('100000')), state: { nodeId, active: String(cxt('100000')), boostBps: 30_000, verifier: true, staker: staker().address } } });
    expect(run.json['txHashes']).toHaveLength(2);
    expect(await contracts.stakingPool.stakeOf(nodeIdToBytes32(nodeId))).toBe(cxt('100000'));
    const receipt = await anvil.provider.getTransactionReceipt(run.json['txHashes'][1]);
    expect(receipt?.status).toBe(1);
  }, 60_000);

  it('unstakes: the stake stops counting at once and unlocks after the cooldown', async () => {
    const run = await cli(['unstake', '40000'], env);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^unstaking 40000\.0 CXT of node \w+: unlocks at \S+; active 60000\.0 CXT, pending 40000\.0 CXT, boost 2\.\d\dx, verifier yes \(tx 0x[0-9a-f]{64}\)$/);
    const { unlockAt } = await contracts.stakingPool.nodeStake(nodeIdToBytes32(nodeId));
    expect(run.stdout).toContain(new Date(Number(unlockAt) * 1000).toISOString());
  }, 60_000);

  it('refuses a withdrawal before the cooldown, saying when the CXT unlocks, with exit code 2', async () => {
    const { unlockAt } = await contracts.stakingPool.nodeStake(nodeIdToBytes32(nodeId));
    const run = await cli(['withdraw'], env);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`node-runner: unstaked CXT unlocks at ${new Date(Number(unlockAt) * 1000).toISOString()}; withdraw after that (CHAIN.StakingPoolCooldownActive)`);
  }, 60_000);

  it('withdraws the whole pending stake to the staking wallet after the cooldown', async () => {
    await anvil.increaseTime(COOLDOWN + 1);
    const before = await contracts.token.balanceOf(staker().address);
    const run = await cli(['withdraw', '--json'], env);
    expect(run).toMatchObject({ code: 0, json: { action: 'withdraw', amount: String(cxt('40000')), state: { pending: '0', active: String(cxt('60000')) } } });
    expect((await contracts.token.balanceOf(staker().address)) - before).toBe(cxt('40000'));
  }, 60_000);

  it('refuses each bad request with its reason: another wallet, more CXT than held, nothing to withdraw', async () => {
    await writeFile(path.join(dir, 'other.key'), anvil.wallet(4).privateKey);
    const other = await cli(['stake', '10', '--key-file', path.join(dir, 'other.key'), '--json'], env);
    expect(other).toMatchObject({ code: 2, json: { ok: false, code: 'CHAIN.StakingPoolNotStaker', message: `this node is staked by ${staker().address}: only that wallet may add stake or unstake` } });
    const tooMuch = await cli(['stake', '1000000', '--json'], env);
    expect(tooMuch).toMatchObject({ code: 2, json: { ok: false, code: 'CHAIN.ERC20InsufficientBalance', message: `the wallet ${staker().address} holds 90000.0 CXT, 1000000.0 CXT needed` } });
    const nothing = await cli(['withdraw', '--json'], env);
    expect(nothing).toMatchObject({ code: 2, json: { code: 'CHAIN.StakingPoolNothingToWithdraw' } });
    expect(await contracts.stakingPool.stakeOf(nodeIdToBytes32(nodeId))).toBe(cxt('60000'));
  }, 90_000);

  it('refuses a bad amount (64), the node identity as EVM key and a missing key (1), before touching the chain', async () => {
    expect((await cli(['stake', '1e3'], env)).code).toBe(64);
    expect(await cli(['stake', '12.5x', '--json'], env)).toMatchObject({ code: 64, json: { code: 'STAKE.AMOUNT_INVALID' } });
    const identity = await cli(['stake', '5', '--key-file', path.join(home, IDENTITY_FILE), '--json'], env);
    expect(identity).toMatchObject({ code: 1, json: { code: 'STAKE.KEY_IS_NODE_IDENTITY' } });
    const { COREX_STAKER_KEY_FILE: _unused, ...noKey } = env;
    expect(await cli(['unstake', '5', '--json'], noKey)).toMatchObject({ code: 1, json: { code: 'STAKE.KEY_MISSING' } });
    expect(await cli(['stake', '5', '--json'], { ...env, COREX_DEPLOYMENT_FILE: path.join(dir, 'missing.json') })).toMatchObject({ code: 1, json: { code: 'STAKE.NO_CHAIN' } });
  }, 90_000);

  it('lists what the mining pool paid the node, with the transaction hash of each payment', async () => {
    const operator = anvil.wallet(1);
    const payout = anvil.wallet(5).address;
    const miningPool = contracts.miningPool.connect(operator);
    const token = contracts.token.connect(operator);
    await (await contracts.token.transfer(operator.address, cxt('10'))).wait();
    await (await token.approve(await miningPool.getAddress(), cxt('10'))).wait();
    await (await miningPool.deposit(accountIdToBytes32('acme'), cxt('10'))).wait();
    const tree = StandardMerkleTree.of([[nodeIdToBytes32(nodeId), payout, cxt('2.5')]], ['bytes32', 'address', 'uint256']);
    await (await miningPool.postRoot(1, tree.root, cxt('2.5'))).wait();
    const claim = await miningPool.claimFor(nodeIdToBytes32(nodeId), payout, cxt('2.5'), tree.getProof(0));
    await claim.wait();
    const run = await cli(['rewards', '--json'], env);
    expect(run).toMatchObject({ code: 0, json: { ok: true, nodeId, paid: String(cxt('2.5')), pending: null, payments: [{ amount: String(cxt('2.5')), payout, txHash: claim.hash }] } });
    const human = await cli(['rewards'], env);
    expect(human.stdout).toContain(`paid 2.5 CXT in 1 payment(s)`);
    expect(human.stdout).toContain(claim.hash);
  }, 90_000);

  it('finds the chain through the marketplace (GET /v1/network) and shows pending rewards from GET /v1/nodes/{id} with an API key', async () => {
    const seen: string[] = [];
    const api = createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization ?? '-'}`);
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/network') return res.end(JSON.stringify({ ...deployment, currentEpoch: 1, blockNumber: 1 }));
      if (req.url === `/v1/nodes/${nodeId}`) return res.end(JSON.stringify({ id: nodeId, rewards: { pending: '0.75' } }));
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    try {
      const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
      const { COREX_DEPLOYMENT_FILE: _file, ...viaApi } = env;
      const run = await cli(['rewards', '--json'], { ...viaApi, COREX_API_URL: apiUrl, COREX_API_KEY: 'key-1' });
      expect(run).toMatchObject({ code: 0, json: { paid: String(cxt('2.5')), pending: '0.75' } });
      expect(seen.sort()).toEqual([`/v1/network -`, `/v1/nodes/${nodeId} Bearer key-1`]);
    } finally {
      await new Promise((resolve) => api.close(resolve));
    }
  }, 60_000);
});
