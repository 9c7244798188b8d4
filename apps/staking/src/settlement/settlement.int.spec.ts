import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { id as keccakOfId, parseEther, Wallet } from 'ethers';
import { deploymentRecord, writeDeploymentFile } from '@corex/chain';
import { accountIdToBytes32, connectCorex, deployCorex, nodeIdToBytes32, type CorexContracts } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { JobSubmitted, subjects, type EventEnvelope, type FragmentRewardedData, type EpochClaimedData, type EpochClosedData } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { createTestDatabase, disposeTestLog, NATS_URL, openTestLog } from '../../../../test/support/infra';
import { appendFragmentVerified } from '../../../../test/support/fragment-verified';
import { jobSubmittedData } from '../../../../test/support/job-submitted';
import { spawnStaking, until, type StakingProcess } from '../../test/staking-process';

const NODES = ['A'.repeat(56), 'B'.repeat(56), 'C'.repeat(56)];
const ACCOUNT = 'acc-settle-1';
const sha = (c: string) => c.repeat(64);

/** Every event of the log, in order. */
async function allEvents(log: EventLog): Promise<EventEnvelope[]> {
  const info = await log.jsm.streams.info(log.store.names.stream);
  const found: EventEnvelope[] = [];
  if (info.state.last_seq === 0) return found;
  const consumer = await log.js.consumers.get(log.store.names.stream, { filter_subjects: log.store.subjectOf('>') });
  const messages = await consumer.consume({ max_messages: 1000 });
  try {
    for await (const m of messages) {
      found.push(log.store.decode(m.data));
      if (m.seq >= info.state.last_seq) break;
    }
  } finally {
    messages.stop();
  }
  return found;
}

const ofType = <T>(events: EventEnvelope[], type: string) => events.filter((e) => e.type === type).map((e) => e.data as T);

function planned(jobId: string, fragments: number, rows: number) {
  return {
    type: 'corex.job.fragments-planned.v1',
    data: {
      jobId,
      step: 0,
      totalSteps: 1,
      totalRows: fragments * rows,
      fragments: Array.from({ length: fragments }, (_, i) => ({
        fragmentId: `${jobId}-f${i}`,
        index: i,
        rowRange: [i * rows, (i + 1) * rows],
        size: { rows, flops: 1, memoryBytes: 1 },
        task: { kind: 'inference', graphHash: sha('1'), weightsHash: null, inputHash: sha('2'), auxHash: null, outputs: ['y'], rows },
      })),
      plannedAt: new Date().toISOString(),
    },
  };
}

function completed(jobId: string, i: number, nodeId: string) {
  return {
    type: 'corex.fragment.completed.v1',
    data: {
      fragmentId: `${jobId}-f${i}`,
      jobId,
      nodeId,
      leaseId: `${jobId}-lease${i}`,
      resultHash: sha((i % 10).toString()),
      durationMs: 5,
      rowsProcessed: 10,
      metrics: {},
      signature: 'sig',
      completedAt: new Date().toISOString(),
    },
  };
}

describe('settlement: rewards paid on-chain exactly once across kill -9 of the staking service (process, anvil, NATS, Postgres)', () => {
  let anvil: AnvilChain;
  let log: EventLog;
  let db: { url: string; drop: () => Promise<void> };
  let dir: string;
  let env: Record<string, string>;
  let c: CorexContracts;
  let staking: StakingProcess | undefined;
  const payouts = NODES.map(() => Wallet.createRandom().address);
  const JOB = 'job-settle-1';

  beforeAll(async () => {
    anvil = await startAnvil();
    log = await openTestLog('test', 'settle');
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'staking-settle-'));
    const operator = anvil.wallet(1).address;
    // Payouts are bound from a key of their own: nothing but the settlement may send from the operator's.
    const d = await deployCorex(anvil.wallet(0), { settler: operator, anchor: operator, slasher: operator, binder: anvil.wallet(3).address, epochLength: 2n });
    const file = path.join(dir, 'deployment.json');
    await writeDeploymentFile(file, deploymentRecord(d, anvil.rpcUrl, 2));
    c = connectCorex(d, anvil.wallet(0));
    await (await c.token.approve(d.miningPool, parseEther('1000'))).wait();
    await (await c.miningPool.deposit(accountIdToBytes32(ACCOUNT), parseEther('1000'))).wait();
    const binder = connectCorex(d, anvil.wallet(3));
    // The third node binds its payout only later: it accrues meanwhile.
    for (const i of [0, 1]) await (await binder.stakingPool.bindPayout(nodeIdToBytes32(NODES[i]), payouts[i], `0x${sha('0')}`)).wait();
    env = {
      NATS_URL,
      COREX_STREAM: log.store.names.stream,
      COREX_SUBJECT_PREFIX: log.store.names.prefix,
      DATABASE_URL: db.url,
      COREX_DEPLOYMENT_FILE: file,
      COREX_CHAIN_LOCAL: '1',
      COREX_CHAIN_CONFIRMATIONS: '0',
      COREX_CHAIN_POLL_MS: '100',
      COREX_SETTLEMENT_POLL_MS: '100',
      COREX_SETTLEMENT_BATCH: '2',
    };
    await log.store.append(subjects.job(JOB), [{ type: JobSubmitted.type, data: jobSubmittedData(JOB, { accountId: ACCOUNT, budget: '100' }) }, planned(JOB, 10, 10)], 0);
  }, 180_000);

  afterAll(async () => {
    await staking?.kill9();
    await disposeTestLog(log);
    await db.drop();
    await anvil.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const complete = async (i: number) => {
    // The fragment's subject may already hold its completion (the duplicate below): append after it.
    const subject = subjects.fragment(`${JOB}-f${i}`);
    const { version } = await log.store.read(subject);
    const completion = completed(JOB, i, NODES[i % 3]);
    await log.store.append(subject, [completion], version);
    await appendFragmentVerified(log, completion.data);
  };
  /** Waits, and on a timeout fails with what the service printed. */
  const waitOrShow = async <T>(check: () => Promise<T | undefined>, what: string) => {
    try {
      return await until(check, what, 90_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${staking?.output()}`);
    }
  };
  const closedEpoch = (n: number) => async () => ofType<EpochClosedData>(await allEvents(log), 'corex.epoch.closed.v1').find((e) => e.epoch === n);
  const settledEpoch = (n: number) => async () =>
    (await allEvents(log)).find((e) => e.type === 'corex.epoch.settled.v1' && (e.data as { epoch: number }).epoch === n);

  it('kill -9 mid-settlement twice: every fragment earns once, every bound node is paid exactly its rewards, balances equal the read model', async () => {
    staking = spawnStaking(env);
    for (const i of [0, 1, 2, 3]) await complete(i);
    await complete(0); // the same completion seen twice earns once

    // Mine nothing from here on, so the first kill lands after a transaction was sent and before it is mined.
    await anvil.rpc('evm_setAutomine', [false]);
    const operator = anvil.wallet(1).address;
    await until(closedEpoch(1), 'epoch 1 closed', 60_000);
    await until(
      async () => ((await anvil.provider.getTransactionCount(operator, 'pending')) > (await anvil.provider.getTransactionCount(operator, 'latest')) ? true : undefined),
      'a settlement transaction sent',
    );
    await staking.kill9();
    await anvil.rpc('evm_setAutomine', [true]);
    await anvil.rpc('evm_mine', []);

    // Work done while the service is down lands in the next epoch.
    for (const i of [4, 5, 6]) await complete(i);
    staking = spawnStaking(env);
    await waitOrShow(settledEpoch(1), 'epoch 1 settled');

    const binder = c.stakingPool.connect(anvil.wallet(3));
    await (await binder.bindPayout(nodeIdToBytes32(NODES[2]), payouts[2], `0x${sha('0')}`)).wait();
    for (const i of [7, 8, 9]) await complete(i);
    await until(closedEpoch(2), 'epoch 2 closed', 60_000);
    await staking.kill9(); // wherever it stands in epoch 2
    staking = spawnStaking(env);
    await waitOrShow(settledEpoch(2), 'epoch 2 settled');
    // Everything earned up to here is in epoch 2 (all payouts bound now): nothing may be pending.

    const events = await allEvents(log);
    const rewards = ofType<FragmentRewardedData>(events, 'corex.fragment.rewarded.v1');
    expect(rewards.map((r) => r.fragmentId).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `${JOB}-f${i}`).sort());
    expect(rewards.every((r) => r.amount === parseEther('10').toString() && r.basePrice === parseEther('10').toString())).toBe(true);
    const claims = ofType<EpochClaimedData>(events, 'corex.epoch.claimed.v1');
    expect(new Set(claims.map((b) => `${b.epoch}:${b.batch}`)).size).toBe(claims.length);
    for (const [i, nodeId] of NODES.entries()) {
      const earned = rewards.filter((r) => r.nodeId === nodeId).reduce((s, r) => s + BigInt(r.amount), 0n);
      const paidInReadModel = claims.flatMap((b) => b.payments).filter((p) => p.nodeId === nodeId).reduce((s, p) => s + BigInt(p.amount), 0n);
      expect(earned).toBeGreaterThan(0n);
      expect(await c.token.balanceOf(payouts[i])).toBe(earned);
      expect(paidInReadModel).toBe(earned);
      expect(await c.miningPool.paidOf(nodeIdToBytes32(nodeId))).toBe(earned);
    }
    expect(await c.miningPool.currentEpoch()).toBe(2n);
    const closed = ofType<EpochClosedData>(events, 'corex.epoch.closed.v1');
    for (const e of closed) {
      expect((await c.proofRegistry.anchorOf(e.epoch)).root).toBe(e.pocRoot);
      expect(await c.miningPool.rootOf(e.epoch)).toBe(e.rewardRoot);
    }
    expect(closed.map((e) => e.epoch)).toEqual([1, 2]);
    expect(closed[0].records + closed[1].records).toBe(10);
    expect(closed[1].records).toBeGreaterThanOrEqual(6); // completed after epoch 1 closed
  }, 400_000);

  it('pays a node that earned without a payout once it binds one, with no new work (an epoch without records)', async () => {
    const LATE = 'D'.repeat(56);
    const JOB2 = 'job-settle-2';
    await log.store.append(subjects.job(JOB2), [{ type: JobSubmitted.type, data: jobSubmittedData(JOB2, { accountId: ACCOUNT, budget: '4' }) }, planned(JOB2, 1, 10)], 0);
    const completion = completed(JOB2, 0, LATE);
    await log.store.append(subjects.fragment(`${JOB2}-f0`), [completion], 0);
    await appendFragmentVerified(log, completion.data);
    await waitOrShow(settledEpoch(3), 'epoch 3 settled');
    const payout = Wallet.createRandom().address;
    expect(await c.token.balanceOf(payout)).toBe(0n);
    await (await c.stakingPool.connect(anvil.wallet(3)).bindPayout(nodeIdToBytes32(LATE), payout, `0x${sha('0')}`)).wait();
    await waitOrShow(settledEpoch(4), 'epoch 4 settled');
    const events = await allEvents(log);
    expect(ofType<EpochClosedData>(events, 'corex.epoch.closed.v1').find((e) => e.epoch === 4)).toMatchObject({ records: 0, payouts: [{ nodeId: LATE, payout }] });
    expect(await c.token.balanceOf(payout)).toBe(parseEther('4'));
    expect((await c.proofRegistry.anchorOf(4)).root).toBe(`0x${'0'.repeat(64)}`);
  }, 120_000);

  it('records a completed training job’s model (weights hash, accuracy in bps) with the next epoch', async () => {
    const JOB3 = 'job-settle-3';
    const weightsHash = sha('e');
    await log.store.append(subjects.job(JOB3), [{ type: JobSubmitted.type, data: jobSubmittedData(JOB3, { accountId: ACCOUNT, budget: '2', type: 'training' }) }, planned(JOB3, 1, 10)], 0);
    const completion = completed(JOB3, 0, NODES[0]);
    await log.store.append(subjects.fragment(`${JOB3}-f0`), [completion], 0);
    await appendFragmentVerified(log, completion.data);
    const { version } = await log.store.read(subjects.job(JOB3));
    await log.store.append(subjects.job(JOB3), [{ type: 'corex.job.completed.v1', data: { jobId: JOB3, result: { kind: 'model', resultHash: sha('f'), rows: 10, weightsHash, accuracy: 0.9375 }, completedAt: new Date().toISOString() } }], version);
    await waitOrShow(settledEpoch(5), 'epoch 5 settled');
    const model = await c.proofRegistry.modelOf(`0x${weightsHash}`);
    expect({ jobId: model.jobId, accuracyBps: model.accuracyBps }).toEqual({ jobId: keccakOfId(JOB3), accuracyBps: 9375n });
    const settled = (await allEvents(log)).find((e) => e.type === 'corex.epoch.settled.v1' && (e.data as { epoch: number }).epoch === 5)!;
    expect((settled.data as { txHashes: { models: string[] } }).txHashes.models).toHaveLength(1);
  }, 120_000);
});
