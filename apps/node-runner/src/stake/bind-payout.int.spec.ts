import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { writeDeploymentFile, type DeploymentFile } from '@corex/chain';
import { nodeSubjects, verifyBindPayout, type BindPayoutReply } from '@corex/node-protocol';
import { NATS_URL } from '../../../../test/support/infra';
import { createCliLogger } from '../cli-logger';
import { loadOrCreateIdentity } from '../identity/node-identity';

const CLI = path.resolve(__dirname, '../../bin/node-runner.js');
const POOL = `0x${'5'.repeat(40)}`;
const PAYOUT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

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

/**
 * The CLI's side of the payout binding: what it signs and how it reports each answer. The staking
 * service's side (signature check, bindPayout on-chain) is tested in apps/staking; here a
 * responder on the same subject checks the message with the protocol's own verifier.
 */
describe('node-runner bind-payout', () => {
  const prefix = `bindpayout${randomUUID().slice(0, 8)}`;
  let nc: NatsConnection;
  let dir: string;
  let env: Record<string, string>;
  let nodeId: string;
  let answer: (body: { nodeId: string; payout: string; chainId: number; stakingPool: string }) => BindPayoutReply;
  const received: unknown[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'corex-bind-payout-'));
    const home = path.join(dir, 'node');
    nodeId = (await loadOrCreateIdentity(home, createCliLogger('warn'))).nodeId;
    const deployment: DeploymentFile = {
      chainId: 31337,
      rpcUrl: 'http://127.0.0.1:1',
      contracts: { token: POOL, stakingPool: POOL, miningPool: POOL, proofRegistry: POOL, governor: POOL, timelock: POOL },
      deployedAtBlock: 0,
      epochLength: 30,
      deployedAt: new Date().toISOString(),
    };
    await writeDeploymentFile(path.join(dir, 'deployment.json'), deployment);
    env = { COREX_DEPLOYMENT_FILE: path.join(dir, 'deployment.json'), COREX_NODE_HOME: home, NATS_URL, COREX_SUBJECT_PREFIX: prefix };
    nc = await connect({ servers: NATS_URL });
    nc.subscribe(nodeSubjects(prefix).bindPayout, {
      callback: (_err, msg) => {
        const message = msg.json();
        received.push(message);
        const verified = verifyBindPayout(message, { now: new Date() });
        msg.respond(JSON.stringify(verified.ok ? answer(verified.body) : { ok: false, code: verified.code, message: verified.message }));
      },
    });
    await nc.flush();
  });

  afterAll(async () => {
    await nc?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('sends the binding signed by the node for this chain and pool, and prints the transaction', async () => {
    answer = (b) => ({ ok: true, nodeId: b.nodeId, payout: b.payout, txHash: `0x${'a'.repeat(64)}`, proofHash: `0x${'b'.repeat(64)}` });
    const run = await cli(['bind-payout', PAYOUT], env);
    expect(run.stdout.trim()).toBe(`payout of node ${nodeId} bound to ${PAYOUT} (tx 0x${'a'.repeat(64)})`);
    expect(run.code).toBe(0);
    const verified = verifyBindPayout(received.at(-1), { now: new Date() });
    expect(verified).toMatchObject({ ok: true, nodeId, body: { nodeId, payout: PAYOUT, chainId: 31337, stakingPool: POOL } });
  }, 30_000);

  it('reports the service’s refusal with its code and exit 2', async () => {
    answer = () => ({ ok: false, code: 'PAYOUT.NOT_STAKED', message: 'the node has no stake' });
    const run = await cli(['bind-payout', PAYOUT, '--json'], env);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ ok: false, code: 'PAYOUT.NOT_STAKED', message: 'the staking service refused the binding: the node has no stake' });
  }, 30_000);

  it('refuses a malformed address before sending anything (64), and says when no staking service listens (1)', async () => {
    const before = received.length;
    expect((await cli(['bind-payout', '0x1234'], env)).code).toBe(64);
    expect(received.length).toBe(before);
    const nobody = await cli(['bind-payout', PAYOUT, '--json'], { ...env, COREX_SUBJECT_PREFIX: `${prefix}x` });
    expect(nobody.code).toBe(1);
    expect(JSON.parse(nobody.stdout)).toMatchObject({ code: 'STAKE.SERVICE_UNAVAILABLE' });
  }, 30_000);
});
