import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createUser } from '@nats-io/nkeys';
import { Wallet } from 'ethers';
import { deploymentRecord, writeDeploymentFile } from '@corex/chain';
import { connectCorex, deployCorex, nodeIdToBytes32, type CorexDeployment } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { subjects } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { buildBindPayoutMessage, nodeSubjects, type BindPayoutReply } from '@corex/node-protocol';
import { createTestDatabase, disposeTestLog, NATS_URL, openTestLog } from '../../../../test/support/infra';
import { eventsOfType } from '../../../../test/support/wait-for-event';
import { spawnStaking, until, type StakingProcess } from '../../test/staking-process';

const decoder = new TextDecoder();

function newNode() {
  const kp = createUser();
  return { nodeId: kp.getPublicKey(), seed: decoder.decode(kp.getSeed()) };
}

describe('bind-payout: a node binds its payout address through the staking service (process, anvil, NATS, Postgres)', () => {
  let anvil: AnvilChain;
  let log: EventLog;
  let db: { url: string; drop: () => Promise<void> };
  let dir: string;
  let d: CorexDeployment;
  let staking: StakingProcess;
  const node = newNode();

  const send = async (message: unknown): Promise<BindPayoutReply> => {
    const reply = await log.nc.request(nodeSubjects(log.store.names.prefix).bindPayout, JSON.stringify(message), { timeout: 30_000 });
    return JSON.parse(decoder.decode(reply.data)) as BindPayoutReply;
  };
  const binding = (over: Partial<{ nodeId: string; payout: string; chainId: number; stakingPool: string }> = {}) => ({
    nodeId: node.nodeId,
    payout: Wallet.createRandom().address,
    chainId: d.chainId,
    stakingPool: d.stakingPool,
    ...over,
  });

  beforeAll(async () => {
    anvil = await startAnvil();
    log = await openTestLog('test', 'bind');
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'staking-bind-'));
    const operator = anvil.wallet(1).address;
    d = await deployCorex(anvil.wallet(0), { settler: operator, anchor: operator, slasher: operator, binder: operator });
    const file = path.join(dir, 'deployment.json');
    await writeDeploymentFile(file, deploymentRecord(d, anvil.rpcUrl, 3600));
    await log.store.append(subjects.node(node.nodeId), [{ type: 'corex.node.registered.v1', data: registered(node.nodeId) }], 0);
    // The operator (binder) key is dev key 1 on the local chain.
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
    await until(async () => {
      const r = await log.nc.request(nodeSubjects(log.store.names.prefix).bindPayout, 'not json', { timeout: 1_000 }).catch(() => undefined);
      return r ? true : undefined;
    }, 'the staking service answering');
  }, 120_000);

  afterAll(async () => {
    await staking?.stop();
    await anvil?.stop();
    await disposeTestLog(log);
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('verifies the signed binding, records it on-chain once, and the binding enters the log', async () => {
    const b = binding();
    const message = buildBindPayoutMessage(b, node.seed);
    const reply = await send(message);
    expect(reply).toMatchObject({ ok: true, nodeId: node.nodeId, payout: b.payout, txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    const pool = connectCorex(d, anvil.provider).stakingPool;
    expect(await pool.payoutOf(nodeIdToBytes32(node.nodeId))).toBe(b.payout);
    // Sent again (a retry after a lost reply): the same transaction, nothing sent twice.
    const again = await send(buildBindPayoutMessage(b, node.seed));
    expect(again).toMatchObject({ ok: true, txHash: (reply as { txHash: string }).txHash });
    await anvil.mine(2);
    const bound = await until(async () => {
      const events = await eventsOfType<{ nodeId: string; payout: string; proofHash: string }>(log, 'corex.payout.bound.v1');
      return events.length > 0 ? events : undefined;
    }, 'corex.payout.bound.v1');
    expect(bound).toHaveLength(1);
    expect(bound[0]!.data).toMatchObject({ nodeId: node.nodeId, payout: b.payout, proofHash: (reply as { proofHash: string }).proofHash });

    // Moved to another address and back: the way back is a new transaction, not the first one answered again.
    const other = binding();
    expect(await send(buildBindPayoutMessage(other, node.seed))).toMatchObject({ ok: true, payout: other.payout });
    expect(await pool.payoutOf(nodeIdToBytes32(node.nodeId))).toBe(other.payout);
    const back = await send(buildBindPayoutMessage(b, node.seed));
    expect(back).toMatchObject({ ok: true, payout: b.payout });
    expect((back as { txHash: string }).txHash).not.toBe((reply as { txHash: string }).txHash);
    expect(await pool.payoutOf(nodeIdToBytes32(node.nodeId))).toBe(b.payout);
  }, 60_000);

  it('refuses another chain or pool, an unregistered node and a forged signature, recording nothing', async () => {
    const pool = connectCorex(d, anvil.provider).stakingPool;
    const before = await pool.payoutOf(nodeIdToBytes32(node.nodeId));
    expect(await send(buildBindPayoutMessage(binding({ chainId: 1 }), node.seed))).toMatchObject({ ok: false, code: 'NODE.WRONG_NETWORK' });
    expect(await send(buildBindPayoutMessage(binding({ stakingPool: Wallet.createRandom().address }), node.seed))).toMatchObject({ ok: false, code: 'NODE.WRONG_NETWORK' });
    const stranger = newNode();
    expect(await send(buildBindPayoutMessage(binding({ nodeId: stranger.nodeId }), stranger.seed))).toMatchObject({ ok: false, code: 'NODE.UNKNOWN_NODE' });
    const forged = buildBindPayoutMessage(binding(), node.seed);
    const tampered = { ...forged, body: { ...forged.body, payout: Wallet.createRandom().address } };
    expect(await send(tampered)).toMatchObject({ ok: false, code: 'NODE.SIGNATURE_INVALID' });
    expect(await send({ kind: 'bind-payout' })).toMatchObject({ ok: false, code: 'NODE.MALFORMED' });
    expect(await pool.payoutOf(nodeIdToBytes32(node.nodeId))).toBe(before);
    expect(await pool.payoutOf(nodeIdToBytes32(stranger.nodeId))).toBe('0x0000000000000000000000000000000000000000');
  }, 60_000);
});

function registered(nodeId: string) {
  return {
    nodeId,
    name: 'bind-node',
    hardware: { cpuModel: 'test', cpuCores: 2, memoryBytes: 1024, gpus: [], executionProviders: ['cpu'], os: 'linux', arch: 'x64' },
    runnerVersion: '0.1.0',
    registeredAt: new Date().toISOString(),
  };
}
