import { ContractFactory, ZeroAddress, encodeBytes32String, getAddress, keccak256, AbiCoder, concat } from 'ethers';
import { accountIdToBytes32, nodeIdToBytes32 } from '../src/ids';
import { CXT, events, expectRevert, mined, startFixture, type Fixture } from './fixture';
import { rewardTree } from './rewards-tree';

const ACCOUNT_ID = accountIdToBytes32('acct-1');
const N1 = nodeIdToBytes32('node-1');
const N2 = nodeIdToBytes32('node-2');
const N3 = nodeIdToBytes32('node-3');

describe('MiningPool', () => {
  let f: Fixture;
  let snapshot: string;

  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(async () => {
    await f?.chain.stop();
  });
  beforeEach(async () => {
    snapshot = await f.chain.snapshot();
  });
  afterEach(async () => {
    await f.chain.revert(snapshot);
  });

  async function deposit(amount: bigint, accountId = ACCOUNT_ID) {
    const alice = f.as('alice');
    await mined(alice.token.approve(alice.miningPool.target, amount));
    return mined(alice.miningPool.deposit(accountId, amount));
  }
  // Fresh addresses holding no CXT, so balances are exactly what was paid.
  const payouts = { bob: getAddress(`0x${'b0'.repeat(20)}`), carol: getAddress(`0x${'c0'.repeat(20)}`), dave: getAddress(`0x${'d0'.repeat(20)}`) };
  const payout = (who: 'bob' | 'carol' | 'dave') => payouts[who];
  const tree1 = () =>
    rewardTree([
      { nodeId: N1, payout: payout('bob'), cumulative: CXT(10) },
      { nodeId: N2, payout: payout('carol'), cumulative: CXT(20) },
      { nodeId: N3, payout: payout('dave'), cumulative: CXT(5) },
    ]);

  it('deposit pulls CXT for an account and emits Deposited', async () => {
    const receipt = await deposit(CXT(100));
    expect(events(receipt, f.c.miningPool, 'Deposited')).toEqual([{ accountId: ACCOUNT_ID, from: f.wallet('alice').address, amount: CXT(100) }]);
    expect(await f.c.miningPool.depositOf(ACCOUNT_ID)).toBe(CXT(100));
    expect(await f.c.miningPool.totalDeposited()).toBe(CXT(100));
    expect(await f.c.token.balanceOf(f.c.miningPool.target)).toBe(CXT(100));
    await expectRevert(f.as('alice').miningPool.deposit(ACCOUNT_ID, 0), f.c.miningPool, 'MiningPoolZeroAmount');
  });

  it('postRoot records the epoch root for the settler and emits RootPosted', async () => {
    await deposit(CXT(100));
    const tree = tree1();
    const receipt = await mined(f.as('settler').miningPool.postRoot(1, tree.root, tree.total));
    expect(events(receipt, f.c.miningPool, 'RootPosted')).toEqual([{ epoch: 1n, root: tree.root, totalCumulative: CXT(35) }]);
    expect(await f.c.miningPool.currentEpoch()).toBe(1n);
    expect(await f.c.miningPool.currentRoot()).toBe(tree.root);
    expect(await f.c.miningPool.rootOf(1)).toBe(tree.root);
    expect(await f.c.miningPool.totalCumulative()).toBe(CXT(35));
  });

  it('postRoot refuses other callers, epochs out of order, a falling total and a total above the deposits', async () => {
    await deposit(CXT(100));
    const settler = f.as('settler').miningPool;
    const root = tree1().root;
    await expectRevert(f.as('alice').miningPool.postRoot(1, root, 0), f.c.miningPool, 'AccessControlUnauthorizedAccount');
    await expectRevert(settler.postRoot(2, root, 0), f.c.miningPool, 'MiningPoolEpochOutOfOrder', [1n, 2n]);
    await expectRevert(settler.postRoot(1, root, CXT(101)), f.c.miningPool, 'MiningPoolUnderfunded', [CXT(100), CXT(101)]);
    await mined(settler.postRoot(1, root, CXT(50)));
    await expectRevert(settler.postRoot(1, root, CXT(50)), f.c.miningPool, 'MiningPoolEpochOutOfOrder', [2n, 1n]);
    await expectRevert(settler.postRoot(2, root, CXT(49)), f.c.miningPool, 'MiningPoolCumulativeDecreased', [CXT(50), CXT(49)]);
  });

  it('claimFor pays the payout address the difference to what was paid, once, and emits RewardPaid', async () => {
    await deposit(CXT(100));
    let tree = tree1();
    await mined(f.as('settler').miningPool.postRoot(1, tree.root, tree.total));
    const relayer = f.as('alice').miningPool; // anyone may relay
    const receipt = await mined(relayer.claimFor(N1, payout('bob'), CXT(10), tree.proof(N1)));
    expect(events(receipt, f.c.miningPool, 'RewardPaid')).toEqual([{ nodeId: N1, payout: payout('bob'), amount: CXT(10), cumulative: CXT(10) }]);
    expect(await f.c.token.balanceOf(payout('bob'))).toBe(CXT(10));
    await expectRevert(relayer.claimFor(N1, payout('bob'), CXT(10), tree.proof(N1)), f.c.miningPool, 'MiningPoolNothingToClaim', [N1, CXT(10), CXT(10)]);

    tree = rewardTree([
      { nodeId: N1, payout: payout('bob'), cumulative: CXT(25) },
      { nodeId: N2, payout: payout('carol'), cumulative: CXT(20) },
    ]);
    await mined(f.as('settler').miningPool.postRoot(2, tree.root, tree.total));
    const second = await mined(relayer.claimFor(N1, payout('bob'), CXT(25), tree.proof(N1)));
    expect(events(second, f.c.miningPool, 'RewardPaid')).toEqual([{ nodeId: N1, payout: payout('bob'), amount: CXT(15), cumulative: CXT(25) }]);
    expect(await f.c.token.balanceOf(payout('bob'))).toBe(CXT(25));
    expect(await f.c.miningPool.paidOf(N1)).toBe(CXT(25));
    expect(await f.c.miningPool.totalPaid()).toBe(CXT(25));
  });

  it('claim pays the caller as the payout address in the leaf', async () => {
    await deposit(CXT(100));
    const carol = f.wallet('carol').address;
    const tree = rewardTree([
      { nodeId: N1, payout: payout('bob'), cumulative: CXT(10) },
      { nodeId: N2, payout: carol, cumulative: CXT(20) },
    ]);
    await mined(f.as('settler').miningPool.postRoot(1, tree.root, tree.total));
    expect(await f.c.miningPool.claimable(N2, carol, CXT(20), tree.proof(N2))).toBe(CXT(20));
    const before = await f.c.token.balanceOf(carol);
    const receipt = await mined(f.as('carol').miningPool.claim(N2, CXT(20), tree.proof(N2)));
    expect(events(receipt, f.c.miningPool, 'RewardPaid')).toEqual([{ nodeId: N2, payout: carol, amount: CXT(20), cumulative: CXT(20) }]);
    expect(await f.c.token.balanceOf(carol)).toBe(before + CXT(20));
    expect(await f.c.miningPool.claimable(N2, carol, CXT(20), tree.proof(N2))).toBe(0n);
    // Someone else presenting the same leaf is not its payout address.
    await expectRevert(f.as('dave').miningPool.claim(N2, CXT(20), tree.proof(N2)), f.c.miningPool, 'MiningPoolInvalidProof', [N2]);
  });

  it('claims with a wrong amount, payout or stale root are invalid proofs', async () => {
    await deposit(CXT(100));
    const old = tree1();
    await mined(f.as('settler').miningPool.postRoot(1, old.root, old.total));
    const pool = f.as('alice').miningPool;
    await expectRevert(pool.claimFor(N1, payout('bob'), CXT(11), old.proof(N1)), f.c.miningPool, 'MiningPoolInvalidProof', [N1]);
    await expectRevert(pool.claimFor(N1, payout('dave'), CXT(10), old.proof(N1)), f.c.miningPool, 'MiningPoolInvalidProof', [N1]);
    const next = rewardTree([
      { nodeId: N1, payout: payout('bob'), cumulative: CXT(12) },
      { nodeId: N2, payout: payout('carol'), cumulative: CXT(20) },
      { nodeId: N3, payout: payout('dave'), cumulative: CXT(5) },
    ]);
    await mined(f.as('settler').miningPool.postRoot(2, next.root, next.total));
    await expectRevert(pool.claimFor(N1, payout('bob'), CXT(10), old.proof(N1)), f.c.miningPool, 'MiningPoolInvalidProof', [N1]);
    expect(await f.c.miningPool.claimable(N1, payout('bob'), CXT(10), old.proof(N1))).toBe(0n);
  });

  it('a tree whose leaves add up to more than its declared total cannot pay beyond that total', async () => {
    await deposit(CXT(100));
    const tree = tree1(); // leaves add up to 35
    await mined(f.as('settler').miningPool.postRoot(1, tree.root, CXT(25)));
    const pool = f.as('alice').miningPool;
    await mined(pool.claimFor(N2, payout('carol'), CXT(20), tree.proof(N2)));
    await expectRevert(pool.claimFor(N1, payout('bob'), CXT(10), tree.proof(N1)), f.c.miningPool, 'MiningPoolExceedsTotal', [CXT(25), CXT(30)]);
  });

  it('claimForMany pays every node with something new, skips the rest, and checks its arrays', async () => {
    await deposit(CXT(100));
    const tree = tree1();
    await mined(f.as('settler').miningPool.postRoot(1, tree.root, tree.total));
    const pool = f.as('alice').miningPool;
    await mined(pool.claimFor(N3, payout('dave'), CXT(5), tree.proof(N3)));
    const nodes = [N1, N2, N3];
    const args = [nodes, nodes.map((n) => tree.leaf(n)[1]), nodes.map((n) => tree.leaf(n)[2]), nodes.map((n) => tree.proof(n))] as const;
    const receipt = await mined(pool.claimForMany(...args));
    expect(events(receipt, f.c.miningPool, 'RewardPaid').map((e) => [e.nodeId, e.amount])).toEqual([
      [N1, CXT(10)],
      [N2, CXT(20)],
    ]);
    expect(await f.c.miningPool.totalPaid()).toBe(CXT(35));
    await expectRevert(pool.claimForMany(nodes, [payout('bob')], args[2], args[3]), f.c.miningPool, 'MiningPoolLengthMismatch');
    const badProofs = [tree.proof(N1), tree.proof(N1), tree.proof(N3)];
    await expectRevert(pool.claimForMany(nodes, args[1], args[2], badProofs), f.c.miningPool, 'MiningPoolInvalidProof', [N2]);
  });

  it('leafOf is the OpenZeppelin standard leaf of (nodeId, payout, cumulative)', async () => {
    const encoded = AbiCoder.defaultAbiCoder().encode(['bytes32', 'address', 'uint256'], [N1, payout('bob'), CXT(7)]);
    expect(await f.c.miningPool.leafOf(N1, payout('bob'), CXT(7))).toBe(keccak256(concat([keccak256(encoded)])));
  });

  it('refund returns unallocated deposit for the settler and emits Refunded', async () => {
    await deposit(CXT(100));
    await mined(f.as('settler').miningPool.postRoot(1, tree1().root, CXT(35)));
    const settler = f.as('settler').miningPool;
    const receipt = await mined(settler.refund(ACCOUNT_ID, f.wallet('alice').address, CXT(60)));
    expect(events(receipt, f.c.miningPool, 'Refunded')).toEqual([{ accountId: ACCOUNT_ID, to: f.wallet('alice').address, amount: CXT(60) }]);
    expect(await f.c.miningPool.depositOf(ACCOUNT_ID)).toBe(CXT(40));
    await expectRevert(settler.refund(ACCOUNT_ID, f.wallet('alice').address, CXT(6)), f.c.miningPool, 'MiningPoolRefundExceedsUnallocated', [CXT(5), CXT(6)]);
    await expectRevert(settler.refund(ACCOUNT_ID, f.wallet('alice').address, CXT(41)), f.c.miningPool, 'MiningPoolRefundExceedsDeposit', [ACCOUNT_ID, CXT(40), CXT(41)]);
    await expectRevert(settler.refund(ACCOUNT_ID, f.wallet('alice').address, 0), f.c.miningPool, 'MiningPoolZeroAmount');
    await expectRevert(settler.refund(ACCOUNT_ID, ZeroAddress, 1), f.c.miningPool, 'MiningPoolZeroAddress');
    await expectRevert(f.as('alice').miningPool.refund(ACCOUNT_ID, f.wallet('alice').address, 1), f.c.miningPool, 'AccessControlUnauthorizedAccount');
  });

  it('the constructor refuses zero addresses and a zero epoch length', async () => {
    const { abi, bytecode } = f.artifacts.MiningPool;
    const factory = new ContractFactory(abi as never, bytecode, f.wallet('deployer'));
    const d = f.wallet('deployer').address;
    await expectRevert(factory.deploy(ZeroAddress, d, d, 60), f.c.miningPool, 'MiningPoolZeroAddress');
    await expectRevert(factory.deploy(f.deployment.token, d, ZeroAddress, 60), f.c.miningPool, 'MiningPoolZeroAddress');
    await expectRevert(factory.deploy(f.deployment.token, d, d, 0), f.c.miningPool, 'MiningPoolInvalidParameter', [encodeBytes32String('epochLength'), 0n]);
  });

  it('setEpochLength belongs to the timelock, validates and emits ParameterChanged', async () => {
    await expectRevert(f.c.miningPool.setEpochLength(30), f.c.miningPool, 'AccessControlUnauthorizedAccount');
    const timelock = f.deployment.timelock;
    await f.chain.rpc('anvil_impersonateAccount', [timelock]);
    await f.chain.rpc('anvil_setBalance', [timelock, '0xde0b6b3a7640000']);
    const asTimelock = f.c.miningPool.connect(await f.chain.provider.getSigner(timelock));
    const receipt = await mined(asTimelock.setEpochLength(30));
    expect(events(receipt, f.c.miningPool, 'ParameterChanged')).toEqual([{ name: encodeBytes32String('epochLength'), oldValue: 60n, newValue: 30n }]);
    expect(await f.c.miningPool.epochLength()).toBe(30n);
    await expectRevert(asTimelock.setEpochLength(0), f.c.miningPool, 'MiningPoolInvalidParameter', [encodeBytes32String('epochLength'), 0n]);
    await f.chain.rpc('anvil_stopImpersonatingAccount', [timelock]);
  });
});
