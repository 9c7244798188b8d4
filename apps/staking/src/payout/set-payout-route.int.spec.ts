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
import { buildSetPayoutRouteMessage, nodeSubjects, type PayoutRouteChain, type SetPayoutRouteReply } from '@corex/node-protocol';
import { createTestDatabase, disposeTestLog, NATS_URL, openTestLog } from '../../../../test/support/infra';
import { spawnStaking, until, type StakingProcess } from '../../test/staking-process';

const decoder = new TextDecoder();
const SOLANA_OWNER = '9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin';

function newNode() {
  const kp = createUser();
  return { nodeId: kp.getPublicKey(), seed: decoder.decode(kp.getSeed()) };
}

describe('set-payout-route: a node routes its rewards to another chain through the staking service (process, anvil, NATS, Postgres)', () => {
  let anvil: AnvilChain;
  let log: EventLog;
  let db: { url: string; drop: () => Promise<void> };
  let dir: string;
  let d: CorexDeployment;
  let staking: StakingProcess;
  const node = newNode();
  const bridge = Wallet.createRandom().address;

  const send = async (message: unknown): Promise<SetPayoutRouteReply> => {
    const reply = await log.nc.request(nodeSubjects(log.store.names.prefix).setPayoutRoute, JSON.stringify(message), { timeout: 30_000 });
    return JSON.parse(decoder.decode(reply.data)) as SetPayoutRouteReply;
  };
  const route = (chain: PayoutRouteChain, recipient: string, who = node) => buildSetPayoutRouteMessage({ nodeId: who.nodeId, chain, recipient }, who.seed);
  const payoutOf = async (nodeId: string) => connectCorex(d, anvil.provider).stakingPool.payoutOf(nodeIdToBytes32(nodeId));
  const recorded = async () => (await log.store.read(subjects.payoutRoute(node.nodeId))).events.map((e) => e.event.data as { targetChain: { name: string }; recipient: string });

  beforeAll(async () => {
    anvil = await startAnvil();
    log = await openTestLog('test', 'route');
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'staking-route-'));
    const operator = anvil.wallet(1).address;
    d = await deployCorex(anvil.wallet(0), { settler: operator, anchor: operator, slasher: operator, binder: operator });
    const file = path.join(dir, 'deployment.json');
    await writeDeploymentFile(file, deploymentRecord(d, anvil.rpcUrl, 3600));
    await log.store.append(subjects.node(node.nodeId), [{ type: 'corex.node.registered.v1', data: registered(node.nodeId) }], 0);
    staking = spawnStaking({
      NATS_URL,
      COREX_STREAM: log.store.names.stream,
      COREX_SUBJECT_PREFIX: log.store.names.prefix,
      DATABASE_URL: db.url,
      COREX_DEPLOYMENT_FILE: file,
      COREX_CHAIN_LOCAL: '1',
      COREX_CHAIN_CONFIRMATIONS: '1',
      COREX_CHAIN_POLL_MS: '100',
      COREX_BRIDGE_PAYOUT_ADDRESS: bridge,
    });
    await until(async () => {
      const r = await log.nc.request(nodeSubjects(log.store.names.prefix).setPayoutRoute, 'not json', { timeout: 1_000 }).catch(() => undefined);
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

  it('records a remote route once and binds the home payout to the bridge, which forwards', async () => {
    const recipient = Wallet.createRandom().address;
    const message = route('arbitrum', recipient);
    const reply = await send(message);
    expect(reply).toMatchObject({ ok: true, nodeId: node.nodeId, chain: 'arbitrum', recipient, homePayout: bridge, txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    expect(await payoutOf(node.nodeId)).toBe(bridge);
    // The same message again (a lost reply): nothing new recorded, nothing sent.
    expect(await send(message)).toMatchObject({ ok: true, homePayout: bridge });
    expect(await send(route('solana', SOLANA_OWNER))).toMatchObject({ ok: true, chain: 'solana', homePayout: bridge });
    expect((await send(route('solana', SOLANA_OWNER))) as { txHash?: string }).not.toHaveProperty('txHash');
    expect((await recorded()).map((r) => [r.targetChain.name, r.recipient])).toEqual([
      ['arbitrum', recipient],
      ['solana', SOLANA_OWNER],
    ]);

    // Back home: the payout is bound to the node's own recipient.
    const own = Wallet.createRandom().address;
    expect(await send(route('ethereum', own))).toMatchObject({ ok: true, chain: 'ethereum', homePayout: own });
    expect(await payoutOf(node.nodeId)).toBe(own);
  }, 60_000);

  it('refuses a recipient that is no address on the chain, a forged signature and an unregistered node, recording nothing', async () => {
    const before = await recorded();
    // Base58 of the right length that decodes to 33 bytes: no Solana key.
    expect(await send(route('solana', 'z'.repeat(44)))).toMatchObject({ ok: false, code: 'BRIDGE.BAD_RECIPIENT' });
    const bad = buildSetPayoutRouteMessage({ nodeId: node.nodeId, chain: 'solana', recipient: SOLANA_OWNER }, node.seed);
    expect(await send({ ...bad, body: { ...bad.body, recipient: '0x'.padEnd(42, '1') } })).toMatchObject({ ok: false, code: 'NODE.SIGNATURE_INVALID' });
    const stranger = newNode();
    expect(await send(route('arbitrum', Wallet.createRandom().address, stranger))).toMatchObject({ ok: false, code: 'NODE.UNKNOWN_NODE' });
    expect(await recorded()).toEqual(before);
    expect(await payoutOf(stranger.nodeId)).toBe('0x0000000000000000000000000000000000000000');
  }, 60_000);
});

function registered(nodeId: string) {
  return {
    nodeId,
    name: 'route-node',
    hardware: { cpuModel: 'test', cpuCores: 2, memoryBytes: 1024, gpus: [], executionProviders: ['cpu'], os: 'linux', arch: 'x64' },
    runnerVersion: '0.1.0',
    registeredAt: new Date().toISOString(),
  };
}
