import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEther } from 'ethers';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { deploymentRecord, writeDeploymentFile } from '@corex/chain';
import { accountIdToBytes32, connectCorex, deployCorex, nodeIdToBytes32, type CorexContracts } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { subjects, type EventEnvelope } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { createTestDatabase, disposeTestLog, NATS_URL, openTestLog } from '../../../../test/support/infra';
import { appendRawAccount } from '../../../../test/support/raw-event';
import { spawnStaking, until, type StakingProcess } from '../../test/staking-process';

const NODE = 'A'.repeat(52) + 'QQQQ';
const UNKNOWN_NODE = 'B'.repeat(56);
const ACCOUNT = 'acc-ingest-1';

const CHAIN_TYPES = ['corex.stake.changed.v1', 'corex.payout.bound.v1', 'corex.account.deposited.v1', 'corex.reward.paid.v1', 'corex.node.slashed.v1'];

/** Every chain fact in the log, in order. */
async function chainFacts(log: EventLog): Promise<EventEnvelope[]> {
  const info = await log.jsm.streams.info(log.store.names.stream);
  const found: EventEnvelope[] = [];
  if (info.state.last_seq === 0) return found;
  const consumer = await log.js.consumers.get(log.store.names.stream, { filter_subjects: log.store.subjectOf('>') });
  const messages = await consumer.consume({ max_messages: 1000 });
  try {
    for await (const m of messages) {
      const event = log.store.decode(m.data);
      if (CHAIN_TYPES.includes(event.type)) found.push(event);
      if (m.seq >= info.state.last_seq) break;
    }
  } finally {
    messages.stop();
  }
  return found;
}

describe('chain ingest: StakingPool and MiningPool facts into the log (staking service process, anvil, NATS, Postgres)', () => {
  let anvil: AnvilChain;
  let log: EventLog;
  let db: { url: string; drop: () => Promise<void> };
  let dir: string;
  let env: Record<string, string>;
  let c: CorexContracts;
  let staking: StakingProcess | undefined;

  beforeAll(async () => {
    anvil = await startAnvil();
    log = await openTestLog('test', 'ingest');
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'staking-ingest-'));
    const operator = anvil.wallet(1).address;
    const d = await deployCorex(anvil.wallet(0), { settler: operator, anchor: operator, slasher: operator, binder: operator, staking: { unstakeCooldown: 60n } });
    const file = path.join(dir, 'deployment.json');
    await writeDeploymentFile(file, deploymentRecord(d, anvil.rpcUrl, 3600));
    c = connectCorex(d, anvil.wallet(0));
    for (const i of [2, 3]) await (await c.token.transfer(anvil.wallet(i).address, parseEther('100000'))).wait();
    env = {
      NATS_URL,
      COREX_STREAM: log.store.names.stream,
      COREX_SUBJECT_PREFIX: log.store.names.prefix,
      DATABASE_URL: db.url,
      COREX_DEPLOYMENT_FILE: file,
      COREX_CHAIN_LOCAL: '1',
      COREX_CHAIN_CONFIRMATIONS: '2',
      COREX_CHAIN_POLL_MS: '100',
    };
    // Known to the log before the chain names them: their facts carry the string ids.
    await log.store.append(subjects.node(NODE), [{ type: 'corex.node.registered.v1', data: registered(NODE) }], 0);
    await appendRawAccount(log, ACCOUNT, 'Ingest test');
  }, 120_000);

  afterEach(async () => {
    await staking?.stop();
    if (process.env.DEBUG_STAKING) console.log(staking?.output());
  });
  afterAll(async () => {
    await anvil?.stop();
    await disposeTestLog(log);
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('stake, deposit, bind, claim, slash: each fact appears once, with the string ids of known keys and the key of unknown ones, only at the confirmation depth', async () => {
    staking = spawnStaking(env);
    const staker = connectCorex({ ...addressesOf(c) }, anvil.wallet(2));
    const operator = connectCorex({ ...addressesOf(c) }, anvil.wallet(1));
    await (await staker.token.approve(await c.stakingPool.getAddress(), parseEther('100000'))).wait();
    await (await staker.token.approve(await c.miningPool.getAddress(), parseEther('100000'))).wait();
    await (await staker.stakingPool.stake(nodeIdToBytes32(NODE), parseEther('5000'))).wait();
    await (await staker.stakingPool.stake(nodeIdToBytes32(UNKNOWN_NODE), parseEther('1000'))).wait();
    await (await staker.miningPool.deposit(accountIdToBytes32(ACCOUNT), parseEther('300'))).wait();
    const payout = anvil.wallet(4).address;
    await (await operator.stakingPool.bindPayout(nodeIdToBytes32(NODE), payout, '0x' + '11'.repeat(32))).wait();
    const tree = StandardMerkleTree.of([[nodeIdToBytes32(NODE), payout, parseEther('7').toString()]], ['bytes32', 'address', 'uint256']);
    await (await operator.miningPool.postRoot(1, tree.root, parseEther('7'))).wait();
    await (await operator.miningPool.claimFor(nodeIdToBytes32(NODE), payout, parseEther('7'), tree.getProof(0))).wait();
    await (await operator.stakingPool.slash(nodeIdToBytes32(NODE), parseEther('1000'), '0x' + '22'.repeat(32))).wait();
    // Claim in block N, slash in N+1, one empty block: the claim is 2 deep, the slash only 1.
    await anvil.mine(1);
    const afterClaim = await until(async () => {
      const facts = await chainFacts(log);
      return facts.some((f) => f.type === 'corex.reward.paid.v1') ? facts : undefined;
    }, 'the reward payment in the log');
    expect(afterClaim.some((f) => f.type === 'corex.node.slashed.v1')).toBe(false);
    await anvil.mine(1);
    const facts = await until(async () => {
      const all = await chainFacts(log);
      return all.some((f) => f.type === 'corex.node.slashed.v1') && all.filter((f) => f.type === 'corex.stake.changed.v1').length === 3 ? all : undefined;
    }, 'the slash in the log');

    expect(facts.map((f) => [f.type, f.subject])).toEqual([
      ['corex.stake.changed.v1', `stake.${NODE}`],
      ['corex.stake.changed.v1', `stake.${nodeIdToBytes32(UNKNOWN_NODE)}`],
      ['corex.account.deposited.v1', `funds.${ACCOUNT}`],
      ['corex.payout.bound.v1', `stake.${NODE}`],
      ['corex.reward.paid.v1', `stake.${NODE}`],
      ['corex.node.slashed.v1', `stake.${NODE}`],
      ['corex.stake.changed.v1', `stake.${NODE}`],
    ]);
    expect(new Set(facts.map((f) => f.id)).size).toBe(facts.length);
    const data = facts.map((f) => f.data as Record<string, unknown>);
    expect(data[0]).toMatchObject({ nodeId: NODE, nodeKey: nodeIdToBytes32(NODE), cause: 'staked', staker: anvil.wallet(2).address, active: parseEther('5000').toString(), pending: '0', verifier: false });
    expect(data[0]!.boostBps).toBe(Number(await c.stakingPool.boostFor(parseEther('5000'))));
    expect(data[1]).not.toHaveProperty('nodeId');
    expect(data[2]).toMatchObject({ accountId: ACCOUNT, accountKey: accountIdToBytes32(ACCOUNT), from: anvil.wallet(2).address, amount: parseEther('300').toString() });
    expect(data[3]).toMatchObject({ nodeId: NODE, payout, proofHash: '0x' + '11'.repeat(32) });
    expect(data[4]).toMatchObject({ nodeId: NODE, payout, amount: parseEther('7').toString(), cumulative: parseEther('7').toString() });
    expect(data[5]).toMatchObject({ nodeId: NODE, amount: parseEther('1000').toString(), evidenceHash: '0x' + '22'.repeat(32) });
    expect(data[6]).toMatchObject({ cause: 'slashed', active: parseEther('4000').toString() });
    const receipt = await anvil.provider.getTransactionReceipt(data[0]!.txHash as string);
    expect(facts[0]!.id).toBe(`chain:${anvil.chainId}:${receipt!.hash.toLowerCase()}:${receipt!.logs.find((l) => l.topics[0] === c.stakingPool.interface.getEvent('Staked').topicHash)!.index}`);
  }, 120_000);

  it('killed with SIGKILL while facts stream in and started again, it misses none and doubles none', async () => {
    const before = (await chainFacts(log)).length;
    staking = spawnStaking(env);
    const staker = connectCorex({ ...addressesOf(c) }, anvil.wallet(3));
    await (await staker.token.approve(await c.miningPool.getAddress(), parseEther('100000'))).wait();
    const deposits = 30;
    // A third of the deposits are sent only once the process is dead, so it always dies mid-stream
    // (with a fast machine it may otherwise have caught up with every deposit before the kill).
    const sendDeposits = async (from: number, to: number) => {
      for (let i = from; i < to; i++) await (await staker.miningPool.deposit(accountIdToBytes32(ACCOUNT), parseEther('1') + BigInt(i))).wait();
    };
    const sending = sendDeposits(0, 20);
    await until(async () => ((await chainFacts(log)).length >= before + 5 ? true : undefined), 'the first deposits in the log');
    await staking.kill9();
    await sending;
    await sendDeposits(20, deposits);
    await anvil.mine(2);
    expect((await chainFacts(log)).length).toBeLessThan(before + deposits);
    staking = spawnStaking(env);
    const facts = await until(async () => {
      const all = await chainFacts(log);
      return all.length >= before + deposits ? all : undefined;
    }, 'every deposit in the log');
    // Whatever the restart would have doubled has had time to land behind the last one: the follower caught up to the head.
    await until(async () => ((await checkpointBlock(db.url)) >= (await anvil.provider.getBlockNumber()) - 2 + 1 ? true : undefined), 'the follower at the head');
    const after = (await chainFacts(log)).slice(before);
    expect(after).toHaveLength(deposits);
    expect(new Set(after.map((f) => f.id)).size).toBe(deposits);
    expect(after.map((f) => (f.data as { amount: string }).amount)).toEqual(Array.from({ length: deposits }, (_, i) => (parseEther('1') + BigInt(i)).toString()));
    expect(facts.length).toBeGreaterThanOrEqual(before + deposits);
  }, 180_000);
});

function registered(nodeId: string) {
  return {
    nodeId,
    name: 'ingest-node',
    hardware: { cpuModel: 'test', cpuCores: 2, memoryBytes: 1024, gpus: [], executionProviders: ['cpu'], os: 'linux', arch: 'x64' },
    runnerVersion: '0.1.0',
    registeredAt: new Date().toISOString(),
  };
}

function addressesOf(c: CorexContracts) {
  return {
    token: c.token.target as string,
    stakingPool: c.stakingPool.target as string,
    miningPool: c.miningPool.target as string,
    proofRegistry: c.proofRegistry.target as string,
    governor: c.governor.target as string,
    timelock: c.timelock.target as string,
  };
}

async function checkpointBlock(url: string): Promise<number> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT block_number FROM chain.follower_checkpoints WHERE name = 'staking-ingest'`);
    return rows[0] ? Number(rows[0].block_number) : 0;
  } catch {
    return 0;
  } finally {
    await client.end();
  }
}
