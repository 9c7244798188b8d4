import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import fc from 'fast-check';
import { BaseContract, MaxUint256, getAddress, id } from 'ethers';
import { nodeIdToBytes32 } from '../src/ids';
import { CXT, TEST_STAKING, mined, startFixture, type Fixture } from './fixture';
import { rewardTree, type RewardTree } from './rewards-tree';

/**
 * Property-based invariants over random call sequences against the real contracts. Every step is
 * also checked against a small model: the contract must revert exactly when the model says so, with
 * the error the model names. After every step:
 *   - Σ stakes (active + pending) = StakingPool's token balance;
 *   - Σ claimed ≤ Σ funded (deposits − refunds), and MiningPool holds exactly funded − claimed;
 *   - no reward paid twice: each payout address holds exactly paidOf(node) = the model's paid,
 *     which never exceeds the node's latest posted cumulative.
 * Sizes: RUNS sequences of SETUP then 10 to MAX_STEPS random steps (env COREX_PROPERTY_RUNS raises RUNS for a soak run).
 */
const RUNS = Number(process.env.COREX_PROPERTY_RUNS ?? 100);
const MAX_STEPS = 30;

const NODES = [0, 1, 2].map((i) => nodeIdToBytes32(`prop-node-${i}`));
const PAYOUTS = [0, 1, 2].map((i) => getAddress(`0x${(0xa0 + i).toString(16).repeat(20)}`));
const ACCOUNT_ID = id('prop-account');
const STAKERS = ['alice', 'bob'] as const;
type Staker = (typeof STAKERS)[number];

type Op =
  | { kind: 'stake'; who: 'owner' | 'impostor'; node: number; amount: number }
  | { kind: 'requestUnstake'; who: 'owner' | 'impostor'; node: number; fraction: number }
  | { kind: 'withdraw'; who: 'owner' | 'impostor'; node: number }
  | { kind: 'timePasses' }
  | { kind: 'slash'; node: number; fraction: number }
  | { kind: 'deposit'; amount: number }
  | { kind: 'refund'; amount: number }
  | { kind: 'postRoot'; earned: number[] }
  | { kind: 'claimFor'; node: number; stale: boolean }
  | { kind: 'claimForMany' };

const node = fc.integer({ min: 0, max: NODES.length - 1 });
// Node i belongs to STAKERS[i % 2]; one call in eight comes from the other staker.
const who = fc.oneof({ weight: 7, arbitrary: fc.constant('owner' as const) }, { weight: 1, arbitrary: fc.constant('impostor' as const) });
const staker = (choice: 'owner' | 'impostor', node: number): Staker => STAKERS[(node + (choice === 'owner' ? 0 : 1)) % 2];
// Mostly valid amounts, sometimes zero or more than there is (percent of what the model holds).
const fraction = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 100 }) }, { weight: 1, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 101, max: 150 }) });
const stakeAmount = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 3_000 }) }, { weight: 1, arbitrary: fc.constant(0) });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('stake' as const), who, node, amount: stakeAmount }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('requestUnstake' as const), who, node, fraction }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), who, node }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'timePasses' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('slash' as const), node, fraction }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('deposit' as const), amount: fc.integer({ min: 100, max: 5_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refund' as const), amount: fc.integer({ min: 1, max: 1_500 }) }) },
  // What each node earned since the last root (CXT), then the root of the new cumulative totals.
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('postRoot' as const), earned: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: NODES.length, maxLength: NODES.length }) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('claimFor' as const), node, stale: fc.boolean() }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'claimForMany' as const }) },
);

/** Every sequence starts from staked nodes and a funded pool, so unstake, withdraw, slash and claims have something to act on. */
const SETUP: Op[] = [...NODES.map((_, node): Op => ({ kind: 'stake', who: 'owner', node, amount: 1_000 })), { kind: 'deposit', amount: 3_000 }];

interface NodeModel {
  staker?: Staker;
  active: bigint;
  pending: bigint;
  unlocked: boolean;
}

function revertData(err: unknown): string | undefined {
  const e = err as { data?: unknown; error?: { data?: unknown }; info?: { error?: { data?: unknown } } };
  const data = [e.data, e.error?.data, e.info?.error?.data].find((d) => typeof d === 'string' && d.startsWith('0x'));
  return data as string | undefined;
}

class Model {
  nodes: NodeModel[] = NODES.map(() => ({ active: 0n, pending: 0n, unlocked: false }));
  deposit = 0n;
  refunded = 0n;
  deposited = 0n;
  epoch = 0;
  totalCumulative = 0n;
  earned: bigint[] = NODES.map(() => 0n); // what the next root will say
  paid: bigint[] = NODES.map(() => 0n);
  trees: RewardTree[] = [];
  get funded(): bigint {
    return this.deposited - this.refunded;
  }
  get tree(): RewardTree | undefined {
    return this.trees.at(-1);
  }
  posted(i: number): bigint {
    return this.tree && this.tree.has(NODES[i]) ? this.tree.leaf(NODES[i])[2] : 0n;
  }
}

describe('Contract invariants over random call sequences', () => {
  let f: Fixture;
  let stats = { sequences: 0, calls: 0, reverts: 0, byCall: {} as Record<string, number> };

  beforeAll(async () => {
    f = await startFixture();
    for (const staker of STAKERS) await mined(f.as(staker).token.approve(f.deployment.stakingPool, MaxUint256));
    await mined(f.as('carol').token.approve(f.deployment.miningPool, MaxUint256));
  });
  afterAll(async () => {
    await f?.chain.stop();
  });

  /** Sends from an unlocked dev account; resolves null on success or the custom error's name on a revert. */
  async function send(from: string, contract: BaseContract, fn: string, args: unknown[]): Promise<string | null> {
    stats.calls += 1;
    const data = contract.interface.encodeFunctionData(fn, args);
    let gas: string;
    try {
      gas = await f.chain.rpc<string>('eth_estimateGas', [{ from, to: contract.target, data }]);
    } catch (err) {
      const revert = revertData(err);
      if (revert === undefined) throw err;
      stats.reverts += 1;
      const parsed = contract.interface.parseError(revert) ?? f.c.token.interface.parseError(revert);
      const name = parsed?.name ?? `unknown ${revert}`;
      stats.byCall[name] = (stats.byCall[name] ?? 0) + 1;
      return name;
    }
    stats.byCall[fn] = (stats.byCall[fn] ?? 0) + 1;
    // Sent with the bare estimate, one requestUnstake in a 1,500-sequence soak ran out of gas when mined
    // (not reproduced on replay): the estimate is not a guarantee, so add a margin, as services must.
    const withMargin = `0x${((BigInt(gas) * 13n) / 10n + 30_000n).toString(16)}`;
    const hash = await f.chain.rpc<string>('eth_sendTransaction', [{ from, to: contract.target, data, gas: withMargin }]);
    const receipt = await receiptOf(hash);
    if (receipt.status !== '0x1') throw new Error(`${fn} passed estimation but failed when mined`);
    return null;
  }

  /** anvil's automine usually has the receipt when eth_sendTransaction returns, not always. */
  async function receiptOf(hash: string): Promise<{ status: string }> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const receipt = await f.chain.rpc<{ status: string } | null>('eth_getTransactionReceipt', [hash]);
      if (receipt) return receipt;
      if (Date.now() > deadline) throw new Error(`no receipt for ${hash}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async function step(m: Model, op: Op): Promise<void> {
    const addr = (role: Staker | 'settler' | 'slasher' | 'carol' | 'dave') => f.wallet(role).address;
    const pool = f.c.stakingPool;
    const mining = f.c.miningPool;
    let expected: string | null = null;
    let actual: string | null;
    const caller = 'who' in op ? staker(op.who, op.node) : undefined;
    switch (op.kind) {
      case 'stake': {
        const n = m.nodes[op.node];
        const amount = CXT(op.amount);
        if (amount === 0n) expected = 'StakingPoolZeroAmount';
        else if (n.staker && n.staker !== caller) expected = 'StakingPoolNotStaker';
        actual = await send(addr(caller!), pool, 'stake', [NODES[op.node], amount]);
        if (!expected) Object.assign(n, { staker: caller, active: n.active + amount });
        break;
      }
      case 'requestUnstake': {
        const n = m.nodes[op.node];
        const amount = (n.active * BigInt(op.fraction)) / 100n;
        if (amount === 0n) expected = 'StakingPoolZeroAmount';
        else if (n.staker !== caller) expected = 'StakingPoolNotStaker';
        else if (amount > n.active) expected = 'StakingPoolInsufficientStake';
        actual = await send(addr(caller!), pool, 'requestUnstake', [NODES[op.node], amount]);
        if (!expected) Object.assign(n, { active: n.active - amount, pending: n.pending + amount, unlocked: false });
        break;
      }
      case 'withdraw': {
        const n = m.nodes[op.node];
        if (n.staker !== caller) expected = 'StakingPoolNotStaker';
        else if (n.pending === 0n) expected = 'StakingPoolNothingToWithdraw';
        else if (!n.unlocked) expected = 'StakingPoolCooldownActive';
        actual = await send(addr(caller!), pool, 'withdraw', [NODES[op.node]]);
        if (!expected) n.pending = 0n;
        break;
      }
      case 'timePasses':
        await f.chain.increaseTime(Number(TEST_STAKING.unstakeCooldown) + 1);
        for (const n of m.nodes) n.unlocked = true;
        return;
      case 'slash': {
        const n = m.nodes[op.node];
        const staked = n.active + n.pending;
        const amount = (staked * BigInt(op.fraction)) / 100n;
        if (amount === 0n) expected = 'StakingPoolZeroAmount';
        else if (amount > staked) expected = 'StakingPoolSlashExceedsStake';
        else if (amount > (staked * TEST_STAKING.maxSlashBps) / 10_000n) expected = 'StakingPoolSlashAboveCap';
        actual = await send(addr('slasher'), pool, 'slash', [NODES[op.node], amount, id('evidence')]);
        if (!expected) {
          const fromActive = amount < n.active ? amount : n.active;
          Object.assign(n, { active: n.active - fromActive, pending: n.pending - (amount - fromActive) });
        }
        break;
      }
      case 'deposit':
        actual = await send(addr('carol'), mining, 'deposit', [ACCOUNT_ID, CXT(op.amount)]);
        m.deposit += CXT(op.amount);
        m.deposited += CXT(op.amount);
        break;
      case 'refund': {
        const amount = CXT(op.amount);
        if (amount > m.deposit) expected = 'MiningPoolRefundExceedsDeposit';
        else if (amount > m.funded - m.totalCumulative) expected = 'MiningPoolRefundExceedsUnallocated';
        actual = await send(addr('settler'), mining, 'refund', [ACCOUNT_ID, addr('carol'), amount]);
        if (!expected) Object.assign(m, { deposit: m.deposit - amount, refunded: m.refunded + amount });
        break;
      }
      case 'postRoot': {
        op.earned.forEach((amount, i) => (m.earned[i] += CXT(amount)));
        const entries = NODES.map((nodeId, i) => ({ nodeId, payout: PAYOUTS[i], cumulative: m.earned[i] })).filter((e) => e.cumulative > 0n);
        if (entries.length === 0) return;
        const tree = rewardTree(entries);
        if (tree.total > m.funded) expected = 'MiningPoolUnderfunded';
        actual = await send(addr('settler'), mining, 'postRoot', [m.epoch + 1, tree.root, tree.total]);
        if (expected) m.earned = NODES.map((_, i) => m.posted(i)); // the settler would not earn past the deposits
        else Object.assign(m, { epoch: m.epoch + 1, totalCumulative: tree.total, trees: [...m.trees, tree] });
        break;
      }
      case 'claimFor': {
        const source = op.stale ? m.trees.at(-2) : m.tree;
        const nodeId = NODES[op.node];
        if (!source || !source.has(nodeId) || !m.tree) return;
        const [, payout, cumulative] = source.leaf(nodeId);
        const proof = source.proof(nodeId);
        const valid = StandardMerkleTree.verify(m.tree.root, ['bytes32', 'address', 'uint256'], [nodeId, payout, cumulative], proof);
        if (!valid) expected = 'MiningPoolInvalidProof';
        else if (cumulative <= m.paid[op.node]) expected = 'MiningPoolNothingToClaim';
        actual = await send(addr('dave'), mining, 'claimFor', [nodeId, payout, cumulative, proof]);
        if (!expected) m.paid[op.node] = cumulative;
        break;
      }
      case 'claimForMany': {
        const tree = m.tree;
        if (!tree) return;
        const included = NODES.map((_, i) => i).filter((i) => tree.has(NODES[i]));
        const leaves = included.map((i) => tree.leaf(NODES[i]));
        actual = await send(addr('dave'), mining, 'claimForMany', [
          leaves.map((l) => l[0]),
          leaves.map((l) => l[1]),
          leaves.map((l) => l[2]),
          included.map((i) => tree.proof(NODES[i])),
        ]);
        for (const i of included) if (m.posted(i) > m.paid[i]) m.paid[i] = m.posted(i);
        break;
      }
    }
    expect({ op, error: actual }).toEqual({ op, error: expected });
    await checkInvariants(m);
  }

  async function checkInvariants(m: Model): Promise<void> {
    const { token, stakingPool, miningPool } = f.c;
    const [poolBalance, totalActive, totalPending, miningBalance, deposited, refunded, totalPaid, ...perNode] = await Promise.all([
      token.balanceOf(stakingPool.target),
      stakingPool.totalActive(),
      stakingPool.totalPending(),
      token.balanceOf(miningPool.target),
      miningPool.totalDeposited(),
      miningPool.totalRefunded(),
      miningPool.totalPaid(),
      ...NODES.flatMap((nodeId, i) => [stakingPool.stakeOf(nodeId), miningPool.paidOf(nodeId), token.balanceOf(PAYOUTS[i])]),
    ]);
    const modelStake = m.nodes.reduce((sum, n) => sum + n.active + n.pending, 0n);
    // Σ stakes (active + pending) = the pool's balance
    expect(totalActive + totalPending).toBe(poolBalance);
    expect(poolBalance).toBe(modelStake);
    // Σ claimed ≤ Σ funded, and the pool holds exactly the rest
    const funded = deposited - refunded;
    const claimed = NODES.reduce((sum, _, i) => sum + perNode[i * 3 + 2], 0n);
    expect(claimed).toBe(totalPaid);
    expect(claimed <= funded).toBe(true);
    expect(miningBalance).toBe(funded - claimed);
    expect(funded).toBe(m.funded);
    // No reward paid twice: each payout holds exactly what the node was paid, never above its posted cumulative
    NODES.forEach((_, i) => {
      const [active, paidOf, received] = perNode.slice(i * 3, i * 3 + 3);
      expect(active).toBe(m.nodes[i].active);
      expect([paidOf, received]).toEqual([m.paid[i], m.paid[i]]);
      expect(received <= m.posted(i)).toBe(true);
    });
  }

  it(`holds over ${RUNS} random sequences of 10 to ${MAX_STEPS} steps`, async () => {
    stats = { sequences: 0, calls: 0, reverts: 0, byCall: {} };
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: MAX_STEPS, size: 'max' }), async (ops) => {
        const snapshot = await f.chain.snapshot();
        stats.sequences += 1;
        try {
          const model = new Model();
          for (const op of [...SETUP, ...ops]) await step(model, op);
        } finally {
          await f.chain.revert(snapshot);
        }
      }),
      // Replay a failure: COREX_PROPERTY_SEED and COREX_PROPERTY_PATH as fast-check printed them.
      { numRuns: RUNS, ...(process.env.COREX_PROPERTY_SEED ? { seed: Number(process.env.COREX_PROPERTY_SEED), path: process.env.COREX_PROPERTY_PATH } : {}) },
    );
    console.log(`[invariants] ${stats.sequences} sequences, ${stats.calls} contract calls (${stats.reverts} expected reverts); by outcome ${JSON.stringify(stats.byCall)}`);
    expect(stats.calls).toBeGreaterThan(RUNS * 5);
  }, Math.max(600_000, RUNS * 2_000));
});
