/**
 * Settlement gas on anvil (compiled contracts, deployCorex), for 1k and 10k paid nodes:
 *  (a) one epoch's settlement: MiningPool.postRoot + ProofRegistry.anchorEpoch + claimForMany in
 *      batches of BATCH nodes, each node with FRAGMENTS_PER_NODE completed fragments;
 *  (b) the naive baseline, measured in the same run: one CXT transfer per completed fragment
 *      (FRAGMENTS_PER_NODE per node) to SAMPLE_NODES fresh payout addresses, gas per node.
 * Target: settlement gas per paid node ≤ 0.1 × naive, reported as naive / settlement ≥ 10.
 * Then the time from a fragment's completion to its payment on-chain through the real settlement
 * loop (apps/staking SettlementLoop against NATS, Postgres and anvil) with a short epoch, in
 * epochs (target ≤ 2, reported as 2 / measured ≥ 1).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { getAddress, hexlify, parseEther, Wallet, type ContractTransactionResponse } from 'ethers';
import { chainMigrations, type ChainFromEnv } from '@corex/chain';
import { accountIdToBytes32, connectCorex, deployCorex, nodeIdToBytes32, type CorexContracts } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { JobSubmitted, subjects } from '@corex/events';
import { openEventLog } from '@corex/eventstore';
import { createLogger } from '@corex/platform';
import { openDataSource } from '@corex/projections';
import { pocTree, proofIndex, rewardLeafValue, rewardTree, type ComputeRecord, type RewardLeaf } from '@corex/settlement';
import { SettlementLoop } from '../apps/staking/src/settlement/settlement-loop';
import { createTestDatabase, uniqueNames } from '../test/support/infra';
import { appendFragmentVerified } from '../test/support/fragment-verified';
import { jobSubmittedData } from '../test/support/job-submitted';
import { result, type BenchResult } from './report';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const FRAGMENTS_PER_NODE = 20;
const BATCH = 100;
const SAMPLE_NODES = 50;
const TARGET_SAVING = 10;
const EPOCH_SECONDS = 2;

/** A valid node id (base32, 56 characters) per index. */
const nodeId = (i: number) => `N${String(i).padStart(55, '0')}`.replace(/[0-9]/g, (d) => 'ABCDEFGHIJ'[Number(d)]!);
const sha = (i: number) => i.toString(16).padStart(64, '0');
/** A fresh payout address (Wallet.createRandom derives a mnemonic: far too slow for 10k). */
const freshAddress = () => getAddress(hexlify(randomBytes(20)));

/** Gas of a sent transaction; anvil mines each on arrival, so its receipt is there at once (ethers' wait() would poll every 4 s). */
async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const sent = await tx;
  const receipt = (await sent.provider.getTransactionReceipt(sent.hash)) ?? (await sent.wait());
  if (!receipt || receipt.status !== 1) throw new Error(`transaction ${sent.hash} failed`);
  return receipt.gasUsed;
}

const progress = (line: string) => process.stderr.write(`[settlement bench] ${line}\n`);

async function chain(): Promise<{ anvil: AnvilChain; c: CorexContracts; settler: CorexContracts; deployed: Awaited<ReturnType<typeof deployCorex>> }> {
  const anvil = await startAnvil({ args: ['--gas-limit', '100000000'] });
  const operator = anvil.wallet(1).address;
  const deployed = await deployCorex(anvil.wallet(0), { settler: operator, anchor: operator, slasher: operator, binder: anvil.wallet(3).address, epochLength: BigInt(EPOCH_SECONDS) });
  const c = connectCorex(deployed, anvil.wallet(0));
  await gasOf(c.token.approve(deployed.miningPool, parseEther('100000000')));
  await gasOf(c.miningPool.deposit(accountIdToBytes32('bench'), parseEther('100000000')));
  return { anvil, c, settler: connectCorex(deployed, anvil.wallet(1)), deployed };
}

/** (a) One epoch of `nodes` paid nodes: post, anchor, claim in batches; total gas. */
async function settlementGas(settler: CorexContracts, nodes: number, epoch: number, offset: number): Promise<bigint> {
  const leaves: RewardLeaf[] = [];
  const records: ComputeRecord[] = [];
  for (let i = 0; i < nodes; i++) {
    leaves.push({ nodeId: nodeId(offset + i), payout: freshAddress(), cumulative: parseEther('1') * BigInt(FRAGMENTS_PER_NODE) });
    for (let f = 0; f < FRAGMENTS_PER_NODE; f++) records.push({ jobId: `job-${offset + i}`, fragmentId: `f-${offset + i}-${f}`, nodeId: nodeId(offset + i), leaseId: `l-${offset + i}-${f}`, resultHash: sha(f + 1) });
  }
  progress(`${nodes} nodes: building the trees`);
  const tree = rewardTree(leaves);
  const total = leaves.reduce((s, l) => s + l.cumulative, 0n) + (await settler.miningPool.totalCumulative());
  let gas = await gasOf(settler.miningPool.postRoot(epoch, tree.root, total));
  gas += await gasOf(settler.proofRegistry.anchorEpoch(epoch, pocTree(records).root, records.length));
  progress(`${nodes} nodes: posted and anchored; claiming in batches of ${BATCH}`);
  const prove = proofIndex(tree);
  for (let i = 0; i < leaves.length; i += BATCH) {
    const values = leaves.slice(i, i + BATCH).map(rewardLeafValue);
    gas += await gasOf(settler.miningPool.claimForMany(values.map((v) => v[0]), values.map((v) => v[1]), values.map((v) => v[2]), values.map((v) => prove(v))));
  }
  return gas;
}

/** (b) One transfer per completed fragment, FRAGMENTS_PER_NODE per node: gas per node over SAMPLE_NODES fresh addresses. */
async function naiveGasPerNode(c: CorexContracts): Promise<number> {
  let gas = 0n;
  for (let n = 0; n < SAMPLE_NODES; n++) {
    const to = freshAddress();
    for (let f = 0; f < FRAGMENTS_PER_NODE; f++) gas += await gasOf(c.token.transfer(to, parseEther('1')));
  }
  return Number(gas) / SAMPLE_NODES;
}

/** Completion to payment through the real loop: a fragment completes, its node's payout receives it. Epochs taken. */
async function paymentLatencyEpochs(): Promise<number> {
  // A chain of its own: the loop numbers epochs from the chain's first.
  const { anvil, deployed } = await chain();
  const names = uniqueNames('bset');
  const db = await createTestDatabase();
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-settle-'));
  const log = await openEventLog({ url: NATS_URL, service: 'bench', ...names });
  const ds = await openDataSource({ url: db.url, migrations: chainMigrations, migrationsTableName: 'chain_migrations' });
  const c = connectCorex(deployed, anvil.wallet(3));
  const chainEnv: ChainFromEnv = {
    deployment: {
      chainId: deployed.chainId, rpcUrl: anvil.rpcUrl, deployedAtBlock: deployed.deployedAtBlock, epochLength: EPOCH_SECONDS, deployedAt: new Date().toISOString(),
      contracts: { token: deployed.token, stakingPool: deployed.stakingPool, miningPool: deployed.miningPool, proofRegistry: deployed.proofRegistry, governor: deployed.governor, timelock: deployed.timelock },
    },
    provider: anvil.provider,
    operator: new Wallet(anvil.wallet(1).privateKey, anvil.provider),
  };
  const loop = new SettlementLoop({ log, ds, chain: chainEnv, logger: createLogger('bench', 'silent'), stream: names.stream, prefix: names.prefix, pollMs: 100, batchSize: BATCH });
  const payout = freshAddress();
  const node = nodeId(999_999);
  await gasOf(c.stakingPool.bindPayout(nodeIdToBytes32(node), payout, `0x${sha(0)}`));
  const jobId = 'bench-latency';
  await log.store.append(subjects.job(jobId), [
    { type: JobSubmitted.type, data: jobSubmittedData(jobId, { accountId: 'bench', budget: '10' }) },
    { type: 'corex.job.fragments-planned.v1', data: planned(jobId) },
  ], 0);
  loop.start();
  const completedAt = Date.now();
  const completion = completed(jobId, node);
  await log.store.append(subjects.fragment(`${jobId}-f0`), [{ type: 'corex.fragment.completed.v1', data: completion }], 0);
  // Paid once verified (the verifier's verdict, here right after the completion).
  await appendFragmentVerified(log, completion);
  const deadline = Date.now() + 10 * EPOCH_SECONDS * 1000;
  while ((await c.token.balanceOf(payout)) === 0n) {
    if (Date.now() > deadline) throw new Error('the fragment was not paid within 10 epochs');
    await new Promise((r) => setTimeout(r, 50));
  }
  const epochs = (Date.now() - completedAt) / 1000 / EPOCH_SECONDS;
  await loop.close();
  await ds.destroy();
  await log.jsm.streams.delete(names.stream).catch(() => undefined);
  await log.close();
  await db.drop();
  await rm(dir, { recursive: true, force: true });
  await anvil.stop();
  return epochs;
}

export async function run(): Promise<BenchResult[]> {
  const { anvil, c, settler } = await chain();
  try {
    progress(`naive baseline: ${SAMPLE_NODES} nodes × ${FRAGMENTS_PER_NODE} transfers`);
    const naive = await naiveGasPerNode(c);
    const out: BenchResult[] = [result('settlement', `naive_gas_per_node_${FRAGMENTS_PER_NODE}_transfers`, naive)];
    let epoch = 1;
    let offset = 0;
    for (const nodes of [1_000, 10_000]) {
      const gas = Number(await settlementGas(settler, nodes, epoch++, offset));
      offset += nodes;
      const perNode = gas / nodes;
      out.push(result('settlement', `gas_per_epoch_${nodes}_nodes`, gas));
      // Beside the naive baseline of the same run: ratio = settlement / naive (≤ 0.1 wanted).
      out.push(result('settlement', `gas_per_paid_node_${nodes}_nodes`, perNode, { baseline: naive }));
      // Lower gas is better: the saving factor against the naive baseline, target ≥ 10 (per-node gas ≤ 0.1 × naive).
      out.push(result('settlement', `naive_over_settlement_gas_${nodes}_nodes`, naive / perNode, { target: TARGET_SAVING }));
    }
    progress('completion to payment through the settlement loop');
    const latency = await paymentLatencyEpochs();
    out.push(result('settlement', `completion_to_payment_epochs_at_${EPOCH_SECONDS}s`, latency));
    out.push(result('settlement', 'two_epochs_over_completion_to_payment', 2 / latency, { target: 1 }));
    return out;
  } finally {
    await anvil.stop();
  }
}

function planned(jobId: string) {
  return {
    jobId, step: 0, totalSteps: 1, totalRows: 10, plannedAt: new Date().toISOString(),
    fragments: [{ fragmentId: `${jobId}-f0`, index: 0, rowRange: [0, 10], size: { rows: 10, flops: 1, memoryBytes: 1 }, task: { kind: 'inference', graphHash: sha(1), weightsHash: null, inputHash: sha(2), auxHash: null, outputs: ['y'], rows: 10 } }],
  };
}

function completed(jobId: string, node: string) {
  return { fragmentId: `${jobId}-f0`, jobId, nodeId: node, leaseId: `${jobId}-l0`, resultHash: sha(3), durationMs: 1, rowsProcessed: 10, metrics: {}, signature: 's', completedAt: new Date().toISOString() };
}
