import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deploymentRecord, writeDeploymentFile } from '@corex/chain';
import { connectCorex, deployCorex, nodeIdToBytes32, type CorexDeployment } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { NodeRegistered, subjects } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { nodeSubjects } from '@corex/node-protocol';
import { createTestDatabase, disposeTestLog, NATS_URL, openTestLog } from '../../../../test/support/infra';
import { spawnStaking, until, type StakingProcess } from '../../../staking/test/staking-process';
import { createCliLogger } from '../cli-logger';
import { loadOrCreateIdentity } from '../identity/node-identity';

const CLI = path.resolve(__dirname, '../../bin/node-runner.js');
const PAYOUT = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('node-runner bind-payout through the real staking service onto the chain', () => {
  let anvil: AnvilChain;
  let log: EventLog;
  let db: { url: string; drop: () => Promise<void> };
  let dir: string;
  let d: CorexDeployment;
  let staking: StakingProcess;
  let env: Record<string, string>;
  let nodeId: string;

  beforeAll(async () => {
    anvil = await startAnvil();
    log = await openTestLog('test', 'cli-bind');
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'corex-cli-bind-'));
    const operator = anvil.wallet(1).address;
    d = await deployCorex(anvil.wallet(0), { settler: operator, anchor: operator, slasher: operator, binder: operator });
    const file = path.join(dir, 'deployment.json');
    await writeDeploymentFile(file, deploymentRecord(d, anvil.rpcUrl, 3600));
    const home = path.join(dir, 'node');
    nodeId = (await loadOrCreateIdentity(home, createCliLogger('warn'))).nodeId;
    const hardware = { cpuModel: 'test', cpuCores: 2, memoryBytes: 1024, gpus: [], executionProviders: ['cpu'], os: 'linux', arch: 'x64' };
    await log.store.append(subjects.node(nodeId), [{ type: NodeRegistered.type, data: { nodeId, name: 'cli-node', hardware, runnerVersion: '0.1.0', registeredAt: new Date().toISOString() } }], 0);
    staking = spawnStaking({
      NATS_URL,
      COREX_STREAM: log.store.names.stream,
      COREX_SUBJECT_PREFIX: log.store.names.prefix,
      DATABASE_URL: db.url,
      COREX_DEPLOYMENT_FILE: file,
      COREX_CHAIN_LOCAL: '1',
      COREX_CHAIN_CONFIRMATIONS: '1',
      COREX_CHAIN_POLL_MS: '100',
    });
    await until(async () => ((await log.nc.request(nodeSubjects(log.store.names.prefix).bindPayout, 'not json', { timeout: 1_000 }).catch(() => undefined)) ? true : undefined), 'the staking service answering');
    env = { COREX_DEPLOYMENT_FILE: file, COREX_NODE_HOME: home, NATS_URL, COREX_SUBJECT_PREFIX: log.store.names.prefix, COREX_REQUEST_TIMEOUT_MS: '15000' };
  }, 120_000);

  afterAll(async () => {
    await staking?.stop();
    await anvil?.stop();
    if (log) await disposeTestLog(log);
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('binds the payout address on-chain, and rewards then names it', async () => {
    const run = await cli(['bind-payout', PAYOUT, '--json'], env);
    if (run.code !== 0) throw new Error(`bind-payout failed: ${run.stdout}${run.stderr}\n${staking.output()}`);
    const reply = JSON.parse(run.stdout) as { ok: boolean; payout: string; txHash: string };
    expect(reply).toMatchObject({ ok: true, nodeId, payout: PAYOUT });
    const { stakingPool } = connectCorex(d, anvil.provider);
    expect(await stakingPool.payoutOf(nodeIdToBytes32(nodeId))).toBe(PAYOUT);
    expect((await anvil.provider.getTransactionReceipt(reply.txHash))?.status).toBe(1);
    const rewards = await cli(['rewards'], env);
    expect(rewards.stdout).toContain(`payout ${PAYOUT}`);
  }, 90_000);
});
