import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEther, Wallet } from 'ethers';
import { deploymentRecord, writeDeploymentFile } from '@corex/chain';
import { accountIdToBytes32, connectCorex, deployCorex, nodeIdToBytes32, type CorexContracts } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import {
  FragmentVerified,
  JobCompleted,
  JobFragmentsPlanned,
  NodeRegistered,
  type EpochSettledData,
  type FragmentRewardedData,
  type FragmentVerifiedData,
  type JobFragmentsPlannedData,
  type NodeRegisteredData,
  type ReplicaPlannedData,
} from '@corex/events';
import { spawnStaking, until, type StakingProcess } from '../../apps/staking/test/staking-process';
import { createTestDatabase } from '../support/infra';
import { startStack, type Stack } from '../support/stack';
import { eventsOfType, waitForEvent } from '../support/wait-for-event';

jest.setTimeout(240_000);

const EPOCH_SECONDS = 3n;

/**
 * A job on the whole stack (marketplace, scheduler, two node-runner processes) with anvil and the
 * staking service: once its epoch passes, each node that did accepted work holds exactly its
 * computed reward on-chain, and a fragment's Proof-of-Compute record from REST verifies on-chain.
 */
describe('a job is paid on-chain after its epoch', () => {
  let stack: Stack;
  let anvil: AnvilChain;
  let c: CorexContracts;
  let staking: StakingProcess | undefined;
  let db: { url: string; drop: () => Promise<void> };
  let dir: string;
  let apiKey: string;
  let accountId: string;
  const payouts = new Map<string, string>();

  beforeAll(async () => {
    anvil = await startAnvil();
    const operator = anvil.wallet(1).address;
    const d = await deployCorex(anvil.wallet(0), { settler: operator, anchor: operator, slasher: operator, binder: anvil.wallet(3).address, epochLength: EPOCH_SECONDS });
    c = connectCorex(d, anvil.wallet(0));
    dir = await mkdtemp(path.join(tmpdir(), 'settle-e2e-'));
    const file = path.join(dir, 'deployment.json');
    await writeDeploymentFile(file, deploymentRecord(d, anvil.rpcUrl, Number(EPOCH_SECONDS)));
    stack = await startStack();
    const account = await stack.createAccount('settle');
    apiKey = account.apiKey;
    accountId = account.id;
    await (await c.token.approve(d.miningPool, parseEther('100'))).wait();
    await (await c.miningPool.deposit(accountIdToBytes32(accountId), parseEther('100'))).wait();

    for (const name of ['a', 'b']) stack.spawnNodeRunner(['start', '--json', '--home', stack.home(name), '--name', `node-${name}`, '--slots', '2']);
    const nodes = await until(async () => {
      const registered = await eventsOfType<NodeRegisteredData>(stack.log, NodeRegistered.type);
      return registered.length >= 2 ? registered.map((e) => e.data.nodeId) : undefined;
    }, 'two nodes registered');
    const binder = c.stakingPool.connect(anvil.wallet(3));
    for (const nodeId of nodes) {
      payouts.set(nodeId, Wallet.createRandom().address);
      await (await binder.bindPayout(nodeIdToBytes32(nodeId), payouts.get(nodeId)!, `0x${'0'.repeat(64)}`)).wait();
    }
    db = await createTestDatabase();
    staking = spawnStaking({
      NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
      COREX_STREAM: stack.names.stream,
      COREX_SUBJECT_PREFIX: stack.names.prefix,
      DATABASE_URL: db.url,
      COREX_DEPLOYMENT_FILE: file,
      COREX_CHAIN_LOCAL: '1',
      COREX_CHAIN_CONFIRMATIONS: '0',
      COREX_CHAIN_POLL_MS: '200',
      COREX_SETTLEMENT_POLL_MS: '200',
    });
  });

  afterAll(async () => {
    await staking?.kill9();
    await stack?.close();
    await db?.drop();
    await anvil?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('pays every node that did accepted work exactly its computed reward, and a proof from REST verifies on-chain', async () => {
    const submitted = await stack.api('POST', '/v1/jobs', { token: apiKey, body: { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '10', priority: 'normal', params: { batchRows: 50 } } });
    expect(submitted.status).toBe(202);
    const jobId = submitted.body.id as string;
    await waitForEvent(stack.log, JobCompleted.type, (d: { jobId: string }) => d.jobId === jobId, 150_000);

    // The reward each node earned, computed here from the verified results (a replica is paid on its original's rows), in the order
    // the verifier accepted them: budget × rows / job rows (no stake: boost 1x; honest nodes score ≥ 0.5: reputation 1x), capped by what is left.
    const plan = (await eventsOfType<JobFragmentsPlannedData>(stack.log, JobFragmentsPlanned.type)).find((e) => e.data.jobId === jobId)!.data;
    const rowsOf = new Map(plan.fragments.map((f) => [f.fragmentId, f.size.rows]));
    for (const r of await eventsOfType<ReplicaPlannedData>(stack.log, 'corex.fragment.replica-planned.v1')) if (r.data.jobId === jobId) rowsOf.set(r.data.fragmentId, rowsOf.get(r.data.replicaOf)!);
    const accepted = new Map<string, FragmentVerifiedData>();
    for (const e of await eventsOfType<FragmentVerifiedData>(stack.log, FragmentVerified.type)) if (e.data.jobId === jobId && !accepted.has(e.data.fragmentId)) accepted.set(e.data.fragmentId, e.data);
    const budget = parseEther('10');
    const expected = new Map<string, bigint>();
    let spent = 0n;
    for (const f of accepted.values()) {
      const base = (budget * BigInt(rowsOf.get(f.fragmentId)!)) / BigInt(plan.totalRows * plan.totalSteps);
      const amount = base < budget - spent ? base : budget - spent;
      spent += amount;
      expected.set(f.nodeId, (expected.get(f.nodeId) ?? 0n) + amount);
    }

    const lastEpoch = await until(async () => {
      const rewards = (await eventsOfType<FragmentRewardedData>(stack.log, 'corex.fragment.rewarded.v1')).filter((e) => e.data.jobId === jobId);
      return rewards.length === accepted.size ? Math.max(...rewards.map((r) => r.data.epoch)) : undefined;
    }, `every accepted fragment rewarded\n${staking!.output()}`);
    await until(async () => {
      const settled = await eventsOfType<EpochSettledData>(stack.log, 'corex.epoch.settled.v1');
      return settled.some((e) => e.data.epoch >= lastEpoch) ? true : undefined;
    }, `epoch ${lastEpoch} settled`, 60_000);

    expect(expected.size).toBeGreaterThan(0);
    const rewards = (await eventsOfType<FragmentRewardedData>(stack.log, 'corex.fragment.rewarded.v1')).filter((e) => e.data.jobId === jobId);
    expect(rewards.map((r) => r.data.reputationBps)).toEqual(rewards.map(() => 10_000));
    for (const [nodeId, payout] of payouts) {
      expect({ nodeId, balance: await c.token.balanceOf(payout) }).toEqual({ nodeId, balance: expected.get(nodeId) ?? 0n });
    }

    const proofs = await until(async () => {
      const res = await stack.api('GET', `/v1/jobs/${jobId}/proofs`, { token: apiKey });
      return res.body.items.length === accepted.size && res.body.items.every((p: { proof: unknown }) => p.proof) ? res.body.items : undefined;
    }, 'proofs served');
    const p = proofs[0];
    expect(await c.proofRegistry.verifyRecord(p.epoch, p.leaf.jobId, p.leaf.fragmentId, p.leaf.nodeId, p.leaf.leaseId, p.leaf.resultHash, p.proof)).toBe(true);
    expect(await c.proofRegistry.verifyRecord(p.epoch, p.leaf.jobId, p.leaf.fragmentId, p.leaf.nodeId, p.leaf.leaseId, `0x${'f'.repeat(64)}`, p.proof)).toBe(false);
    // docs/settlement.md's check, run as written with only the RPC URL and the contract addresses.
    const doc = await readFile(path.resolve(__dirname, '../../docs/settlement.md'), 'utf8');
    const snippet = /```js\n([\s\S]*?)```/.exec(doc)![1]!;
    const cache = path.resolve(__dirname, '../../node_modules/.cache/corex-settlement-check');
    await mkdir(cache, { recursive: true });
    await writeFile(path.join(cache, 'check.mjs'), snippet);
    await writeFile(path.join(cache, 'proof.json'), JSON.stringify(p));
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(cache, 'check.mjs'), anvil.rpcUrl, await c.miningPool.getAddress(), await c.proofRegistry.getAddress(), p.ids.nodeId, path.join(cache, 'proof.json')]);
    expect(stdout).toContain(`paid in total (wei): ${expected.get(p.ids.nodeId)}`);
    expect(stdout).toContain(`to ${payouts.get(p.ids.nodeId)} in 0x`);
    expect(stdout).toContain('record anchored: true');
    expect(stdout).toContain('leaf fields match the ids: true');

    // The node view shows the same payment as the chain.
    await until(async () => {
      const node = await stack.api('GET', `/v1/nodes/${p.ids.nodeId}`, { token: apiKey });
      return node.body.rewards?.paid === expected.get(p.ids.nodeId)!.toString() && node.body.rewards.pending === '0' ? true : undefined;
    }, 'node view shows the payment');

    // The node's operator sees the same: work, rewards and payments equal per epoch, each payment a mined transaction.
    const homes = await Promise.all(['a', 'b'].map(async (name) => ({ name, out: await stack.nodeRunner(['login', '--json', '--home', stack.home(name), '--api', stack.marketplace.url]) })));
    const { token } = homes.map((h) => JSON.parse(h.out.stdout)).find((o: { nodeId: string }) => o.nodeId === p.ids.nodeId)!;
    const paid = expected.get(p.ids.nodeId)!.toString();
    const reconciliation = await until(async () => {
      const res = await stack.api('GET', '/v1/operator/node/reconciliation', { token });
      return res.body.equal && res.body.epochs.every((e: { settled: boolean }) => e.settled) && res.body.totals.paid === paid ? res.body : undefined;
    }, 'operator reconciliation settled and equal');
    expect(reconciliation.totals).toEqual({ fragments: rewards.filter((r) => r.data.nodeId === p.ids.nodeId).length, rewards: paid, paid, outstanding: '0' });
    const payoutsView = (await stack.api('GET', '/v1/operator/node/payouts', { token })).body;
    const payments = payoutsView.epochs.flatMap((e: { payments: Array<{ txHash: string; amount: string; chain: string }> }) => e.payments);
    expect(payments.reduce((sum: bigint, x: { amount: string }) => sum + BigInt(x.amount), 0n)).toBe(await c.token.balanceOf(payouts.get(p.ids.nodeId)!));
    for (const payment of payments) {
      expect(payment.chain).toBe('ethereum');
      expect((await anvil.provider.getTransactionReceipt(payment.txHash))?.status).toBe(1);
    }
    const fragments = (await stack.api('GET', '/v1/operator/node/fragments?limit=200', { token })).body.items.filter((i: { jobId: string; verification: { verdict: string } }) => i.jobId === jobId && i.verification.verdict === 'verified');
    expect(fragments.length).toBeGreaterThan(0);
    expect(fragments.map((i: { status: string; reward: { epochSettled: boolean } }) => [i.status, i.reward.epochSettled])).toEqual(fragments.map(() => ['settled', true]));
  });
});
