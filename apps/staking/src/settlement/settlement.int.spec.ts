import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { id as keccakOfId, parseEther, Wallet } from 'ethers';
import { deploymentRecord, writeDeploymentFile } from '@corex/chain';
import { accountIdToBytes32, connectCorex, deployCorex, nodeIdToBytes32, type CorexContracts } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { JobSubmitted, subjects, type EventEnvelope, type FragmentRewardedData, type EpochClaimedData, type EpochClosedData, type EpochSettledData } from '@corex/events';
import { POC_LEAF_ENCODING, pocLeafValue, type ComputeRecord } from '@corex/settlement';
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

  it('records every accepted version of a training job (parent, step, fragments root), one model tx hash per closed model, also for a version an earlier run recorded', async () => {
    const JOB4 = 'job-settle-4';
    const [v0, v2] = [sha('7'), sha('8')];
    const records: ComputeRecord[][] = [[], [], []];
    const work = async (step: number, nodes: string[]) => {
      const fragments = nodes.map((_, i) => `${JOB4}-s${step}-f${i}`);
      const plan = planned(JOB4, nodes.length, 10);
      plan.data.step = step;
      plan.data.totalSteps = 3;
      plan.data.fragments.forEach((f, i) => (f.fragmentId = fragments[i]!));
      const { version } = await log.store.read(subjects.job(JOB4));
      await log.store.append(subjects.job(JOB4), [plan], version);
      for (const [i, nodeId] of nodes.entries()) {
        const completion = { ...completed(JOB4, i, nodeId).data, fragmentId: fragments[i]!, leaseId: `${fragments[i]}-lease` };
        await log.store.append(subjects.fragment(fragments[i]!), [{ type: 'corex.fragment.completed.v1', data: completion }], 0);
        await appendFragmentVerified(log, completion);
        records[step]!.push({ jobId: JOB4, fragmentId: completion.fragmentId, nodeId, leaseId: completion.leaseId, resultHash: completion.resultHash });
      }
      return fragments.map((fragmentId, i) => ({ fragmentId, nodeId: nodes[i]!, rows: 10 }));
    };
    const stepDone = async (step: number, weightsHash: string, extra: Record<string, unknown>) => {
      const { version } = await log.store.read(subjects.job(JOB4));
      const data = { jobId: JOB4, step, loss: 0.4, accuracy: 0.9 + step / 100, weightsHash, completedAt: new Date().toISOString(), ...extra };
      await log.store.append(subjects.job(JOB4), [{ type: 'corex.job.step-completed.v1', data }], version);
    };

    // An earlier run recorded v0 (its outbox is not this service's): the settlement must still name that transaction.
    await staking!.kill9();
    const earlier = c.proofRegistry.connect(anvil.wallet(1));
    const v0Root = StandardMerkleTree.of(
      [NODES[0]!, NODES[1]!].map((nodeId, i) => pocLeafValue({ jobId: JOB4, fragmentId: `${JOB4}-s0-f${i}`, nodeId, leaseId: `${JOB4}-s0-f${i}-lease`, resultHash: sha(String(i)) })),
      POC_LEAF_ENCODING,
    ).root;
    const earlierTx = await (await earlier.recordModel(keccakOfId(JOB4), `0x${v0}`, `0x${sha('0')}`, 0, 9_000, v0Root)).wait();
    staking = spawnStaking(env);

    await log.store.append(subjects.job(JOB4), [{ type: JobSubmitted.type, data: jobSubmittedData(JOB4, { accountId: ACCOUNT, budget: '3', type: 'training' }) }], 0);
    await stepDone(0, v0, { parentWeightsHash: sha('0'), participants: await work(0, [NODES[0]!, NODES[1]!]) });
    await stepDone(1, v0, { parentWeightsHash: v0, participants: await work(1, [NODES[2]!]), accepted: false });
    const s2 = await work(2, [NODES[0]!, NODES[1]!]);
    // The rule kept only the second update of step 2.
    await stepDone(2, v2, { parentWeightsHash: v0, participants: [s2[1]!] });
    const { version } = await log.store.read(subjects.job(JOB4));
    await log.store.append(subjects.job(JOB4), [{ type: 'corex.job.completed.v1', data: { jobId: JOB4, result: { kind: 'model', resultHash: sha('f'), rows: 10, weightsHash: v2, accuracy: 0.92 }, completedAt: new Date().toISOString() } }], version);

    const closed = await waitOrShow(
      async () => ofType<EpochClosedData>(await allEvents(log), 'corex.epoch.closed.v1').find((e) => e.models.some((m) => m.jobId === JOB4)),
      'the versions of the training job closed',
    );
    const settled = await waitOrShow(async () => ofType<EpochSettledData>(await allEvents(log), 'corex.epoch.settled.v1').find((e) => e.epoch === closed.epoch), `epoch ${closed.epoch} settled`);
    expect(closed.models.map((m) => [m.weightsHash, m.parentWeightsHash, m.step])).toEqual([
      [v0, sha('0'), 0],
      [v2, v0, 2],
    ]);
    expect(settled.txHashes.models).toHaveLength(closed.models.length);
    expect(settled.txHashes.models[0]).toBe(earlierTx!.hash);
    const v2Tree = StandardMerkleTree.of([pocLeafValue(records[2]![1]!)], POC_LEAF_ENCODING);
    expect(closed.models[1]!.fragmentsRoot).toBe(v2Tree.root);
    for (const [i, m] of closed.models.entries()) {
      const receipt = await anvil.provider.getTransactionReceipt(settled.txHashes.models[i]!);
      const logged = receipt!.logs.map((l) => c.proofRegistry.interface.parseLog(l)).find((p) => p?.name === 'ModelRecorded');
      expect(logged?.args.weightsHash).toBe(`0x${m.weightsHash}`);
    }
    const onChain = await c.proofRegistry.modelOf(`0x${v2}`);
    expect({ jobId: onChain.jobId, parent: onChain.parent, step: onChain.step, accuracyBps: onChain.accuracyBps, root: onChain.fragmentsRoot }).toEqual({
      jobId: keccakOfId(JOB4),
      parent: `0x${v0}`,
      step: 2n,
      accuracyBps: 9_200n,
      root: v2Tree.root,
    });
    const kept = pocLeafValue(records[2]![1]!);
    expect(await c.proofRegistry.verifyModelFragment(`0x${v2}`, ...kept, v2Tree.getProof(0))).toBe(true);
    // The update the rule left out did not make v2.
    const leftOut = pocLeafValue(records[2]![0]!);
    expect(await c.proofRegistry.verifyModelFragment(`0x${v2}`, ...leftOut, v2Tree.getProof(0))).toBe(false);
  }, 180_000);
});
