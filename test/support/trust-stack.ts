import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEther } from 'ethers';
import { deploymentRecord, writeDeploymentFile } from '@corex/chain';
import { connectCorex, deployCorex, nodeIdToBytes32, type CorexContracts } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { createCliLogger } from '../../apps/node-runner/src/cli-logger';
import { loadOrCreateIdentity } from '../../apps/node-runner/src/identity/node-identity';
import { spawnStaking, type StakingProcess } from '../../apps/staking/test/staking-process';
import { spawnAdversary, type AdversaryOptions, type AdversaryProcess } from './adversary-process';
import { createTestDatabase, NATS_URL } from './infra';
import { leakRevealedResults } from './result-leak';
import { startStack, type Stack } from './stack';

const repoRoot = path.resolve(__dirname, '../..');
const EPOCH_SECONDS = 3n;

/** A service of the trust issue (verifier, reputation) as its own process. */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The whole stack with money and trust: anvil with Corex deployed, marketplace and scheduler
 * (in-process), staking, verifier and reputation (each its own process), honest node-runner
 * processes and adversaries (test/adversaries). Every node is staked before it joins, so that
 * "no honest node is slashed" is a statement about real stake.
 */
export interface TrustStack {
  stack: Stack;
  anvil: AnvilChain;
  contracts: CorexContracts;
  deploymentFile: string;
  leakDir: string;
  services: ServiceProcess[];
  staking: StakingProcess;
  /** Creates `home`'s node identity (as node-runner keeps it) and stakes `cxt` for it from the deployer; returns the node id. */
  stakeNode(home: string, cxt?: string): Promise<string>;
  /** Stakes and starts an honest node-runner (`start --json`) in `home`; returns its node id. */
  startHonestNode(name: string, slots?: number): Promise<string>;
  /** Stakes and starts an adversary in its own process; returns its node id and process. */
  startAdversary(kind: AdversaryOptions['kind'], name?: string): Promise<{ nodeId: string; process: AdversaryProcess }>;
  /** Active stake of a node on-chain. */
  stakeOf(nodeId: string): Promise<bigint>;
  /** What the services printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

export const NODE_STAKE_CXT = '2000';

export async function startTrustStack(options: { scheduler?: Record<string, string>; service?: Record<string, string> } = {}): Promise<TrustStack> {
  const anvil = await startAnvil();
  const operator = anvil.wallet(1).address;
  const deployed = await deployCorex(anvil.wallet(0), { settler: operator, anchor: operator, slasher: operator, binder: anvil.wallet(3).address, epochLength: EPOCH_SECONDS });
  const contracts = connectCorex(deployed, anvil.wallet(0));
  const dir = await mkdtemp(path.join(tmpdir(), 'trust-e2e-'));
  const deploymentFile = path.join(dir, 'deployment.json');
  await writeDeploymentFile(deploymentFile, deploymentRecord(deployed, anvil.rpcUrl, Number(EPOCH_SECONDS)));
  // The verifier and the reputation service run here as processes of their own (not the stack's in-process ones); the scheduler waits for verdicts.
  const stack = await startStack({ trust: false, scheduler: { COREX_VERIFICATION: 'required', ...options.scheduler } });
  const chainEnv = { COREX_DEPLOYMENT_FILE: deploymentFile, COREX_CHAIN_LOCAL: '1', COREX_CHAIN_CONFIRMATIONS: '0', COREX_CHAIN_POLL_MS: '200' };
  const shared = { NATS_URL, COREX_STREAM: stack.names.stream, COREX_SUBJECT_PREFIX: stack.names.prefix, ...chainEnv, ...options.service };
  const db = await createTestDatabase();
  const staking = spawnStaking({ ...shared, DATABASE_URL: db.url, COREX_SETTLEMENT_POLL_MS: '200' });
  // Neither keeps a database: their state is rebuilt from the log.
  const services = [spawnService('verifier', shared), spawnService('reputation', shared)].filter(
    (s): s is ServiceProcess => s !== null,
  );
  const leakDir = path.join(dir, 'leak');
  const stopLeak = await leakRevealedResults(stack.log, leakDir);
  const adversaries: AdversaryProcess[] = [];
  const logger = createCliLogger('warn');

  const stakeNode = async (home: string, cxt = NODE_STAKE_CXT) => {
    const { nodeId } = await loadOrCreateIdentity(home, logger);
    const amount = parseEther(cxt);
    await (await contracts.token.approve(await contracts.stakingPool.getAddress(), amount)).wait();
    await (await contracts.stakingPool.stake(nodeIdToBytes32(nodeId), amount)).wait();
    return nodeId;
  };

  return {
    stack,
    anvil,
    contracts,
    deploymentFile,
    leakDir,
    services,
    staking,
    stakeNode,
    async startHonestNode(name, slots = 2) {
      const nodeId = await stakeNode(stack.home(name));
      stack.spawnNodeRunner(['start', '--json', '--home', stack.home(name), '--name', name, '--slots', String(slots)]);
      return nodeId;
    },
    async startAdversary(kind, name = `adversary-${kind}`) {
      const home = stack.home(name);
      const nodeId = await stakeNode(home);
      const env = { NATS_URL, COREX_SUBJECT_PREFIX: stack.names.prefix };
      const child = spawnAdversary({ kind, home, name, leakDir, env });
      adversaries.push(child);
      return { nodeId, process: child };
    },
    stakeOf: async (nodeId) => contracts.stakingPool.stakeOf(nodeIdToBytes32(nodeId)),
    output: () => [staking.output(), ...services.map((s) => `--- ${s.name}\n${s.output()}`), ...adversaries.map((a) => `--- adversary (exit ${a.child.exitCode ?? a.child.signalCode ?? 'running'})\n${a.output()}`)].join('\n').slice(-20_000),
    async close() {
      await Promise.all(adversaries.map((a) => a.stop()));
      await stopLeak();
      await Promise.all(services.map((s) => s.stop()));
      await staking.kill9();
      await stack.close();
      await db.drop();
      await anvil.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** `apps/<name>/src/main.ts` in its own process, or null when the app has no main yet. */
function spawnService(name: string, env: Record<string, string>): ServiceProcess | null {
  const main = path.join(repoRoot, `apps/${name}/src/main.ts`);
  if (!existsSync(main)) return null;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', main], { cwd: repoRoot, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    child,
    output: () => out.slice(-6_000),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
