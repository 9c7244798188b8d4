import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSolanaRpc, generateKeyPairSigner, type Address } from '@solana/kit';
import { Contract, parseEther, Wallet } from 'ethers';
import { accountIdToBytes32, connectBridge } from '@corex/chain-contracts';
import { chainProvider, devPrivateKey, LOCAL_ACCOUNTS, readDeploymentFile, type DeploymentFile } from '@corex/chain';
import { freePort } from '@corex/chain-contracts/src/testing/anvil';
import {
  ChallengeJudged,
  JobCompleted,
  NodeRegistered,
  PayoutRouteChosen,
  RewardTransferDelivered,
  type ChallengeJudgedData,
  type JobCompletedData,
  type NodeRegisteredData,
  type PayoutRouteChosenData,
  type RewardTransferDeliveredData,
} from '@corex/events';
import { CorexClient } from '@corex/sdk';
import { associatedTokenAddress } from '@corex/solana-devnet';
import { spawnStaking, type StakingProcess } from '../../apps/staking/test/staking-process';
import { fundOnBsc } from '../../scripts/lib/bridge-funding';
import { createTestDatabase, NATS_URL } from '../support/infra';
import { startStack, type Stack } from '../support/stack';
import { startStackBridge, type StackBridge } from '../support/stack-bridge';
import { summarizeLog } from '../support/log-summary';
import { until } from '../support/until';
import { eventsOfType, waitForEvent } from '../support/wait-for-event';

// npm start's own chain set-up (scripts/lib/local-chain.cjs): three anvils, the Solana devnet, the deploy script.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startChain, stopChain } = require('../../scripts/lib/local-chain.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { guardianCommand } = require('../../scripts/lib/bridge-processes.cjs');

jest.setTimeout(600_000);

const CXT = 10n ** 18n;
const ESCROW = 5n * CXT;
const SPEC = { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5', params: { batchRows: 100 } };
const ERC20 = ['function balanceOf(address) view returns (uint256)', 'function approve(address,uint256) returns (bool)'];

/**
 * The whole network with its chains, as npm start runs it: Ethereum (home: CXT, staking, mining
 * pool, proofs), BSC and Arbitrum anvils with the real Wormhole cores and the bridge contracts, the
 * Solana devnet (LiteSVM), the devnet guardian, the marketplace, scheduler, verifier and reputation,
 * the staking service's settlement, the bridge and two node-runner processes. A task submitted on
 * BSC through the SDK runs as a job; its status and result hash arrive on BSC and the escrow is
 * released there; one node's reward arrives on Arbitrum and the other's on Solana.
 */
describe('bridge on the whole network: a BSC task, rewards on Arbitrum and Solana', () => {
  let dir: string;
  let chain: { env: Record<string, string> } | undefined;
  let guardian: ChildProcess | undefined;
  let stack: Stack;
  let staking: StakingProcess | undefined;
  let bridge: StackBridge['bridge'] | undefined;
  let closeBridge: StackBridge['close'] | undefined;
  const dbs: { drop: () => Promise<void> }[] = [];
  let deployment: DeploymentFile;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bridge-network-'));
    const [home, bsc, arbitrum, solana, guardianPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    // Short epochs so the settlement pays within the test; the guardian on a port of its own.
    const saved = { epoch: process.env.COREX_EPOCH_LENGTH, guardian: process.env.COREX_GUARDIAN_PORT };
    Object.assign(process.env, { COREX_EPOCH_LENGTH: '4', COREX_GUARDIAN_PORT: String(guardianPort) });
    try {
      chain = await startChain({ port: home, ports: { bsc, arbitrum, solana }, stateDir: path.join(dir, 'anvil'), deploymentFile: path.join(dir, 'deployment.json') });
    } finally {
      restoreEnv('COREX_EPOCH_LENGTH', saved.epoch);
      restoreEnv('COREX_GUARDIAN_PORT', saved.guardian);
    }
    env = chain!.env;
    deployment = (await readDeploymentFile(env.COREX_DEPLOYMENT_FILE!))!;
    guardian = await startGuardian(guardianCommand(env.COREX_DEPLOYMENT_FILE, env.COREX_GUARDIAN_API_URL));

    // The marketplace knows the chains (GET /v1/network, which the SDK reads) and takes budgets from MiningPool deposits.
    stack = await startStack({ marketplace: { COREX_DEPLOYMENT_FILE: env.COREX_DEPLOYMENT_FILE! } });
    const bridgeAccount = await stack.createAccount('bridge');
    // The bridge's jobs are paid from its MiningPool deposit, as any customer's.
    const homeProvider = chainProvider(deployment.rpcUrl, deployment.chainId);
    const funder = new Wallet(devPrivateKey(LOCAL_ACCOUNTS.demoCustomer), homeProvider);
    await (await new Contract(deployment.contracts.token, ERC20, funder).approve(deployment.contracts.miningPool, parseEther('100'))).wait();
    const pool = new Contract(deployment.contracts.miningPool, ['function deposit(bytes32,uint256)'], funder);
    await (await pool.deposit(accountIdToBytes32(bridgeAccount.id), parseEther('100'))).wait();

    const stakingDb = await createTestDatabase();
    dbs.push(stakingDb);
    const shared = { NATS_URL, COREX_STREAM: stack.names.stream, COREX_SUBJECT_PREFIX: stack.names.prefix, COREX_CHAIN_CONFIRMATIONS: '0', COREX_CHAIN_POLL_MS: '200' };
    staking = spawnStaking({ ...env, ...shared, DATABASE_URL: stakingDb.url, COREX_SETTLEMENT_POLL_MS: '200' });
    ({ bridge, close: closeBridge } = await startStackBridge(stack, {
      ...env,
      ...shared,
      LOG_LEVEL: process.env.COREX_TEST_LOG_LEVEL ?? 'warn',
      COREX_BRIDGE_API_KEY: bridgeAccount.apiKey,
      COREX_BRIDGE_ACCOUNT_ID: bridgeAccount.id,
      COREX_MARKETPLACE_URL: stack.marketplace.url,
    }));
    // The deposit, read from the chain into the log, funds the bridge's jobs at the marketplace.
    await until(async () => {
      const funds = await stack.api('GET', '/v1/accounts/me', { token: bridgeAccount.apiKey });
      return Number(funds.body?.available) >= 100 ? true : undefined;
    }, `the bridge account's deposit at the marketplace\n${staking.output().slice(-2_000)}`, 120_000);
    // One node after the other: two join benchmarks at once on two cores beside the chains measured
    // one node 20x below its own claim, and the verifier rightly suspended it for overclaiming.
    for (const [i, name] of ['a', 'b'].entries()) {
      stack.spawnNodeRunner(['start', '--json', '--home', stack.home(name), '--name', `node-${name}`, '--slots', '1']);
      const nodeId = await until(async () => (await eventsOfType<NodeRegisteredData>(stack.log, NodeRegistered.type))[i]?.data.nodeId, `node-${name} registered`, 120_000);
      const judged = await waitForEvent<ChallengeJudgedData>(stack.log, ChallengeJudged.type, (d) => d.nodeId === nodeId, 60_000);
      expect({ name, outcome: judged.data.outcome }).toEqual({ name, outcome: expect.stringMatching(/^(confirmed|slow)$/) });
    }
  });

  afterAll(async () => {
    await closeBridge?.();
    await staking?.stop();
    await stack?.close();
    guardian?.kill('SIGTERM');
    if (chain) await stopChain(chain);
    for (const db of dbs) await db.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs a BSC task submitted through the SDK, releases its escrow on BSC, and pays one node on Arbitrum and the other on Solana', async () => {
    const nodes = (await eventsOfType<NodeRegisteredData>(stack.log, NodeRegistered.type)).map((e) => e.data.nodeId);
    const arbitrumRecipient = Wallet.createRandom().address;
    const solanaRecipient = (await generateKeyPairSigner()).address;
    // Each node signs its route with its own key (node-runner payout-route), before it earns anything.
    for (const [home, args] of [
      ['a', ['--chain', 'arbitrum', '--recipient', arbitrumRecipient]],
      ['b', ['--chain', 'solana', '--recipient', solanaRecipient]],
    ] as const) {
      const routed = await stack.nodeRunner(['payout-route', ...args, '--home', stack.home(home), '--json'], env);
      expect({ code: routed.code, stderr: routed.stderr }).toEqual({ code: 0, stderr: '' });
    }
    const routes = await until(async () => {
      const chosen = await eventsOfType<PayoutRouteChosenData>(stack.log, PayoutRouteChosen.type);
      return chosen.length >= 2 ? new Map(chosen.map((e) => [e.data.nodeId, e.data])) : undefined;
    }, 'both payout routes chosen');
    expect([...routes.values()].map((r) => r.targetChain.name).sort()).toEqual(['arbitrum', 'solana']);
    expect(new Set(routes.keys())).toEqual(new Set(nodes));

    const bsc = deployment.chains!.find((c) => c.name === 'bsc')!;
    const customer = new Wallet(devPrivateKey(LOCAL_ACCOUNTS.demoCustomer), chainProvider(bsc.rpcUrl, bsc.evmChainId));
    await fundOnBsc(deployment, customer, 10n * CXT);
    const { portal, peerToken } = connectBridge({ portal: bsc.contracts.taskPortal!, peerToken: bsc.contracts.peerToken }, customer);
    const feeRecipient = await portal.feeRecipient();
    const feesBefore = await peerToken!.balanceOf(feeRecipient);

    const corex = await CorexClient.connect(stack.marketplace.url, { bridgeUrl: bridge!.url });
    const { taskId } = await corex.submitTask({ chain: 'bsc', spec: SPEC, escrow: ESCROW, signer: customer });
    const task = await corex.waitForStatus(taskId, 'bsc', (t) => t.status === 'completed' && t.escrowReleased, { timeoutMs: 300_000, pollMs: 500 });
    const view = (await (await fetch(`${bridge!.url}/v1/tasks/${taskId}`)).json()) as { jobId: string };
    const completed = await waitForEvent<JobCompletedData>(stack.log, JobCompleted.type, (d) => d.jobId === view.jobId);
    // Read on BSC: the portal's record, its statuses in order, and the escrow paid to the fee recipient.
    const onChain = await portal.taskOf(taskId);
    expect({ status: task.status, resultHash: onChain.resultHash }).toEqual({ status: 'completed', resultHash: `0x${completed.data.result.resultHash}` });
    expect((await portal.queryFilter(portal.filters.StatusReceived(taskId))).map((e) => Number(e.args.status))).toEqual([1, 2, 3]);
    expect(await peerToken!.balanceOf(feeRecipient)).toBe(feesBefore + ESCROW);
    // The SDK checks the document's sha256 against the hash the chain holds.
    const result = await corex.readResult(taskId, 'bsc');
    expect((result.document as { predictions: unknown[] }).predictions).toHaveLength(342);

    // Rewards: each node's, paid by MiningPool to the bridge, arrives on the chain it chose, and only there.
    const delivered = await until(async () => {
      const transfers = await eventsOfType<RewardTransferDeliveredData>(stack.log, RewardTransferDelivered.type);
      const chains = new Set(transfers.map((t) => t.data.targetChain.name));
      return chains.has('arbitrum') && chains.has('solana') ? transfers.map((t) => t.data) : undefined;
    }, 'rewards delivered on Arbitrum and Solana', 240_000).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${await summarizeLog(stack.log)}\nstaking:\n${staking!.output().slice(-4_000)}`);
    });
    const sum = (chainName: string) => delivered.filter((t) => t.targetChain.name === chainName).reduce((s, t) => s + BigInt(t.amount), 0n);
    for (const t of delivered) expect(routes.get(t.nodeId)).toMatchObject({ targetChain: t.targetChain, recipient: t.recipient });

    const arbitrum = deployment.chains!.find((c) => c.name === 'arbitrum')!;
    const arbitrumToken = new Contract(arbitrum.contracts.peerToken!, ERC20, chainProvider(arbitrum.rpcUrl, arbitrum.evmChainId));
    expect(sum('arbitrum')).toBeGreaterThan(0n);
    expect(await arbitrumToken.balanceOf(arbitrumRecipient)).toBe(sum('arbitrum'));
    expect(sum('solana')).toBeGreaterThan(0n);
    // CXT on Solana has 9 decimals: the bridge scales 18-decimal amounts down.
    expect(await splBalance(env.COREX_SOLANA_RPC_URL!, solanaRecipient, deployment.solana!.mint)).toBe(sum('solana') / 10n ** 9n);
  });
});

async function splBalance(rpcUrl: string, owner: Address, mint: string): Promise<bigint> {
  const account = await associatedTokenAddress(owner, mint as Address);
  return createSolanaRpc(rpcUrl)
    .getTokenAccountBalance(account)
    .send()
    .then((r) => BigInt(r.value.amount), () => 0n);
}

/** The devnet guardian as npm start runs it (its own process over the deployment file's chains); resolves once /health answers. */
async function startGuardian(g: { bin: string; env: Record<string, string>; health: string }): Promise<ChildProcess> {
  const child = spawn(process.execPath, [g.bin], { env: { ...process.env, ...g.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', () => undefined);
  await until(async () => ((await fetch(g.health).catch(() => null))?.ok ? true : undefined), 'the devnet guardian answering', 60_000, 200);
  return child;
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
