import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { nodeSubjects, verifySetPayoutRoute, type SetPayoutRouteBody, type SetPayoutRouteReply } from '@corex/node-protocol';
import { NATS_URL } from '../../../../test/support/infra';
import { createCliLogger } from '../cli-logger';
import { loadOrCreateIdentity } from '../identity/node-identity';

const CLI = path.resolve(__dirname, '../../bin/node-runner.js');
const RECIPIENT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const BRIDGE = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';

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
 * The CLI's side of the payout route: what it signs and how it reports the answer. The staking
 * service's side is tested in apps/staking; here a responder checks the message with the protocol's verifier.
 */
describe('node-runner payout-route', () => {
  const prefix = `payoutroute${randomUUID().slice(0, 8)}`;
  let nc: NatsConnection;
  let dir: string;
  let env: Record<string, string>;
  let nodeId: string;
  const received: unknown[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'corex-payout-route-'));
    const home = path.join(dir, 'node');
    nodeId = (await loadOrCreateIdentity(home, createCliLogger('warn'))).nodeId;
    env = { COREX_NODE_HOME: home, NATS_URL, COREX_SUBJECT_PREFIX: prefix };
    nc = await connect({ servers: NATS_URL });
    nc.subscribe(nodeSubjects(prefix).setPayoutRoute, {
      callback: (_err, msg) => {
        const message = msg.json();
        received.push(message);
        const verified = verifySetPayoutRoute(message, { now: new Date() });
        const reply: SetPayoutRouteReply = verified.ok
          ? { ok: true, nodeId: verified.nodeId, chain: verified.body.chain, recipient: verified.body.recipient, homePayout: BRIDGE, txHash: `0x${'a'.repeat(64)}` }
          : { ok: false, code: verified.code, message: verified.message };
        msg.respond(JSON.stringify(reply));
      },
    });
    await nc.flush();
  });

  afterAll(async () => {
    await nc?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('sends the route signed by the node and prints where the rewards go', async () => {
    const run = await cli(['payout-route', '--chain', 'arbitrum', '--recipient', RECIPIENT], env);
    expect(run.stdout.trim()).toBe(`rewards of node ${nodeId} go to ${RECIPIENT} on arbitrum (home payout bound to the bridge ${BRIDGE}, which forwards)`);
    expect(run.code).toBe(0);
    const verified = verifySetPayoutRoute(received.at(-1), { now: new Date() });
    expect(verified).toMatchObject({ ok: true, nodeId, body: { nodeId, chain: 'arbitrum', recipient: RECIPIENT } satisfies Partial<SetPayoutRouteBody> });
  }, 30_000);

  it('refuses an unknown chain or a recipient of another chain before sending anything (64)', async () => {
    const before = received.length;
    expect((await cli(['payout-route', '--chain', 'polygon', '--recipient', RECIPIENT], env)).code).toBe(64);
    expect((await cli(['payout-route', '--chain', 'solana', '--recipient', RECIPIENT], env)).code).toBe(64);
    expect((await cli(['payout-route', '--recipient', RECIPIENT], env)).code).toBe(64);
    expect(received.length).toBe(before);
  }, 30_000);
});
