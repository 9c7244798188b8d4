import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEther } from 'ethers';
import { deploymentRecord, writeDeploymentFile } from '@corex/chain';
import { connectCorex, deployCorex, nodeIdToBytes32, type CorexContracts } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { FragmentAssigned, JobFragmentsPlanned, subjects, type EventEnvelope, type JobFragmentsPlannedData } from '@corex/events';
import { createTestDatabase, NATS_URL } from '../../../../test/support/infra';
import { submitPenguinsJob } from '../../../../test/support/job-submitted';
import { ProtocolNode } from '../../../../test/support/protocol-node';
import { startTestScheduler } from '../../../../test/support/scheduler';
import { waitForEvent } from '../../../../test/support/wait-for-event';
import { startHarness, type Harness } from '../../../marketplace/test/marketplace-harness';
import type { RunningScheduler } from '../../../scheduler/src/start-scheduler';
import { spawnStaking, until, type StakingProcess } from '../../test/staking-process';

describe('a node that staked before it registered: its stake reaches the scheduler and the node view (anvil, staking process, scheduler, marketplace)', () => {
  let anvil: AnvilChain;
  let h: Harness;
  let db: { url: string; drop: () => Promise<void> };
  let dir: string;
  let env: Record<string, string>;
  let c: CorexContracts;
  let staking: StakingProcess | undefined;
  let scheduler: RunningScheduler | undefined;

  beforeAll(async () => {
    anvil = await startAnvil();
    h = await startHarness();
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'stake-named-'));
    const operator = anvil.wallet(1).address;
    const d = await deployCorex(anvil.wallet(0), { settler: operator, anchor: operator, slasher: operator, binder: operator });
    const file = path.join(dir, 'deployment.json');
    await writeDeploymentFile(file, deploymentRecord(d, anvil.rpcUrl, 3600));
    c = connectCorex(d, anvil.wallet(0));
    const names = h.log.store.names;
    env = { NATS_URL, COREX_STREAM: names.stream, COREX_SUBJECT_PREFIX: names.prefix, DATABASE_URL: db.url, COREX_DEPLOYMENT_FILE: file, COREX_CHAIN_LOCAL: '1', COREX_CHAIN_CONFIRMATIONS: '1', COREX_CHAIN_POLL_MS: '100' };
    scheduler = await startTestScheduler(names, { COREX_HEARTBEAT_TIMEOUT_MS: '60000', COREX_WORK_LONG_POLL_MS: '200' });
  }, 120_000);

  afterEach(async () => {
    await staking?.stop();
    if (process.env.DEBUG_STAKING) console.log(staking?.output());
  });
  afterAll(async () => {
    await scheduler?.close();
    await h?.close();
    await anvil?.stop();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const stakeFacts = async (subject: string): Promise<EventEnvelope[]> => (await h.log.store.read(subject)).events.map((e) => e.event).filter((e) => e.type === 'corex.stake.changed.v1');
  const idConsumerIdle = async () => {
    const info = await h.log.jsm.consumers.info(h.log.store.names.stream, 'staking-node-keys').catch(() => undefined);
    return info && info.num_pending === 0 && info.num_ack_pending === 0 ? true : undefined;
  };

  it('stake first, register after, the ingest killed and restarted in between: the stake is restated under the node once, boosts its score and shows on GET /v1/nodes/{id}', async () => {
    const node = new ProtocolNode(h.log, ProtocolNode.hardware(8 * 2 ** 30));
    const key = nodeIdToBytes32(node.nodeId).toLowerCase();
    const amount = parseEther('5000');
    const boostBps = Number(await c.stakingPool.boostFor(amount));
    expect(boostBps).toBeGreaterThan(10_000);

    staking = spawnStaking(env);
    await (await c.token.approve(await c.stakingPool.getAddress(), amount)).wait();
    await (await c.stakingPool.stake(key, amount)).wait();
    await anvil.mine(1);
    // No registered node hashes to the key: the fact lands under the key.
    const [keyed] = await until(async () => {
      const facts = await stakeFacts(subjects.stake(key));
      return facts.length > 0 ? facts : undefined;
    }, 'the keyed stake fact');
    expect(keyed!.data).not.toHaveProperty('nodeId');
    await staking.kill9();

    await node.register();
    staking = spawnStaking(env);
    const [named] = await until(async () => {
      const facts = await stakeFacts(subjects.stake(node.nodeId));
      return facts.length > 0 ? facts : undefined;
    }, 'the stake restated under the node');
    expect(named!.id).toBe(`${keyed!.id}:named`);
    expect(named!.data).toMatchObject({ nodeId: node.nodeId, nodeKey: key, active: amount.toString(), boostBps, verifier: false });

    // Killed again right after, then started once more: once every node event is handled, the restatement is still there once.
    await staking.kill9();
    staking = spawnStaking(env);
    await until(idConsumerIdle, 'the node-id consumer caught up');
    await until(async () => ((await stakeFacts(subjects.stake(node.nodeId))).length > 0 ? true : undefined), 'the node subject read');
    expect((await stakeFacts(subjects.stake(node.nodeId))).map((e) => e.id)).toEqual([named!.id]);

    // The scheduler scores the node with its on-chain boost.
    const jobId = await submitPenguinsJob(h.log, { params: { batchRows: 200 } });
    await waitForEvent<JobFragmentsPlannedData>(h.log, JobFragmentsPlanned.type, (d) => d.jobId === jobId);
    const assignment = await until(async () => (await node.requestWork(1))[0], 'work for the node');
    const assigned = await waitForEvent<{ leaseId: string; score: Record<string, number> }>(h.log, FragmentAssigned.type, (d) => d.leaseId === assignment.leaseId);
    expect(assigned.data.score['stakeBoost']).toBe(boostBps / 10_000);

    // The node view shows the stake.
    const { apiKey } = await h.createAccount('stake-named');
    const view = await until(async () => {
      const res = await h.request('GET', `/v1/nodes/${node.nodeId}`, { token: apiKey });
      return res.status === 200 && res.body.stake ? res.body : undefined;
    }, 'the stake on the node view');
    expect(view.stake).toMatchObject({ active: amount.toString(), pending: '0', boostBps, verifier: false });
  }, 180_000);
});
