import { ContractFactory, ZeroAddress, encodeBytes32String, id } from 'ethers';
import { nodeIdToBytes32 } from '../src/ids';
import { CXT, TEST_STAKING, events, expectRevert, mined, startFixture, type Fixture } from './fixture';

const NODE = nodeIdToBytes32('node-a');
const OTHER = nodeIdToBytes32('node-b');

describe('StakingPool', () => {
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

  async function stakeAs(role: 'alice' | 'bob', node: string, amount: bigint) {
    const c = f.as(role);
    await mined(c.token.approve(c.stakingPool.target, amount));
    return mined(c.stakingPool.stake(node, amount));
  }

  it('stake records the first staker, counts active stake, self-delegates votes and emits Staked', async () => {
    const receipt = await stakeAs('alice', NODE, CXT(500));
    const alice = f.wallet('alice').address;
    expect(events(receipt, f.c.stakingPool, 'Staked')).toEqual([{ nodeId: NODE, staker: alice, amount: CXT(500), active: CXT(500) }]);
    const node = await f.c.stakingPool.nodeStake(NODE);
    expect([node.staker, node.active, node.pending]).toEqual([alice, CXT(500), 0n]);
    expect(await f.c.stakingPool.stakeOf(NODE)).toBe(CXT(500));
    expect(await f.c.stakingPool.totalActive()).toBe(CXT(500));
    expect(await f.c.stakingPool.getVotes(alice)).toBe(CXT(500));
    expect(await f.c.stakingPool.delegates(alice)).toBe(alice);
    expect(await f.c.token.balanceOf(f.c.stakingPool.target)).toBe(CXT(500));
  });

  it('stake rejects a zero amount, another staker of the node, and a missing allowance', async () => {
    await expectRevert(f.as('alice').stakingPool.stake(NODE, 0), f.c.stakingPool, 'StakingPoolZeroAmount');
    await stakeAs('alice', NODE, CXT(100));
    await mined(f.as('bob').token.approve(f.c.stakingPool.target, CXT(100)));
    await expectRevert(f.as('bob').stakingPool.stake(NODE, CXT(100)), f.c.stakingPool, 'StakingPoolNotStaker', [NODE, f.wallet('alice').address]);
    await expectRevert(f.as('carol').stakingPool.stake(OTHER, CXT(1)), [f.c.stakingPool, f.c.token], 'ERC20InsufficientAllowance');
  });

  it('boostOf follows the published square-root curve from 1.1x at minStake to a 3x cap', async () => {
    const pool = f.c.stakingPool;
    const { minStake: lo, maxBoostStake: hi } = TEST_STAKING;
    const expected = (s: bigint): bigint => {
      if (s < lo) return 10_000n;
      if (s >= hi) return 30_000n;
      return 11_000n + (19_000n * bigSqrt(((s - lo) * 10n ** 36n) / (hi - lo))) / 10n ** 18n;
    };
    for (const s of [0n, lo - 1n, lo, lo + (hi - lo) / 4n, lo + (hi - lo) / 2n, hi - 1n, hi, hi * 5n]) {
      expect(await pool.boostFor(s)).toBe(expected(s));
    }
    expect(await pool.boostFor(lo + (hi - lo) / 4n)).toBe(20_500n); // sqrt(1/4) = 0.5 -> 1.1x + 0.95x
    expect(await pool.boostOf(NODE)).toBe(10_000n);
    await stakeAs('alice', NODE, hi);
    expect(await pool.boostOf(NODE)).toBe(30_000n);
  });

  it('isVerifier holds from verifierThreshold of active stake', async () => {
    await stakeAs('alice', NODE, TEST_STAKING.verifierThreshold - 1n);
    expect(await f.c.stakingPool.isVerifier(NODE)).toBe(false);
    await stakeAs('alice', NODE, 1n);
    expect(await f.c.stakingPool.isVerifier(NODE)).toBe(true);
  });

  it('requestUnstake moves stake to pending, drops its votes and boost, and emits UnstakeRequested', async () => {
    await stakeAs('alice', NODE, CXT(1_000));
    const receipt = await mined(f.as('alice').stakingPool.requestUnstake(NODE, CXT(1_000)));
    const { timestamp } = (await f.chain.provider.getBlock(receipt.blockNumber))!;
    const unlockAt = BigInt(timestamp) + TEST_STAKING.unstakeCooldown;
    expect(events(receipt, f.c.stakingPool, 'UnstakeRequested')).toEqual([
      { nodeId: NODE, staker: f.wallet('alice').address, amount: CXT(1_000), pending: CXT(1_000), unlockAt },
    ]);
    const node = await f.c.stakingPool.nodeStake(NODE);
    expect([node.active, node.pending, node.unlockAt]).toEqual([0n, CXT(1_000), unlockAt]);
    expect(await f.c.stakingPool.getVotes(f.wallet('alice').address)).toBe(0n);
    expect(await f.c.stakingPool.boostOf(NODE)).toBe(10_000n);
    expect(await f.c.stakingPool.totalPending()).toBe(CXT(1_000));
  });

  it('requestUnstake rejects a zero amount, a non-staker and more than the active stake', async () => {
    await stakeAs('alice', NODE, CXT(100));
    await expectRevert(f.as('alice').stakingPool.requestUnstake(NODE, 0), f.c.stakingPool, 'StakingPoolZeroAmount');
    await expectRevert(f.as('bob').stakingPool.requestUnstake(NODE, 1), f.c.stakingPool, 'StakingPoolNotStaker', [NODE, f.wallet('alice').address]);
    await expectRevert(f.as('alice').stakingPool.requestUnstake(NODE, CXT(101)), f.c.stakingPool, 'StakingPoolInsufficientStake', [NODE, CXT(100), CXT(101)]);
  });

  it('withdraw pays the pending stake after the cooldown and emits Withdrawn; refuses before it', async () => {
    await stakeAs('alice', NODE, CXT(300));
    const alice = f.as('alice');
    await expectRevert(alice.stakingPool.withdraw(NODE), f.c.stakingPool, 'StakingPoolNothingToWithdraw', [NODE]);
    await mined(alice.stakingPool.requestUnstake(NODE, CXT(300)));
    const { unlockAt } = await f.c.stakingPool.nodeStake(NODE);
    await expectRevert(alice.stakingPool.withdraw(NODE), f.c.stakingPool, 'StakingPoolCooldownActive', [NODE, unlockAt]);
    await expectRevert(f.as('bob').stakingPool.withdraw(NODE), f.c.stakingPool, 'StakingPoolNotStaker');
    await f.chain.increaseTime(Number(TEST_STAKING.unstakeCooldown));
    const before = await f.c.token.balanceOf(f.wallet('alice').address);
    const receipt = await mined(alice.stakingPool.withdraw(NODE));
    expect(events(receipt, f.c.stakingPool, 'Withdrawn')).toEqual([{ nodeId: NODE, staker: f.wallet('alice').address, amount: CXT(300) }]);
    expect(await f.c.token.balanceOf(f.wallet('alice').address)).toBe(before + CXT(300));
    expect(await f.c.token.balanceOf(f.c.stakingPool.target)).toBe(0n);
  });

  it('slash takes from active then pending stake, pays the treasury and emits Slashed', async () => {
    await stakeAs('alice', NODE, CXT(500));
    await mined(f.as('alice').stakingPool.requestUnstake(NODE, CXT(200)));
    const evidence = id('evidence');
    const receipt = await mined(f.as('slasher').stakingPool.slash(NODE, CXT(400), evidence));
    const treasury = f.wallet('treasury').address;
    expect(events(receipt, f.c.stakingPool, 'Slashed')).toEqual([{ nodeId: NODE, amount: CXT(400), evidenceHash: evidence, treasury }]);
    const node = await f.c.stakingPool.nodeStake(NODE);
    expect([node.active, node.pending]).toEqual([0n, CXT(100)]);
    expect(await f.c.token.balanceOf(treasury)).toBe(CXT(400));
    expect(await f.c.stakingPool.getVotes(f.wallet('alice').address)).toBe(0n);
    expect(await f.c.token.balanceOf(f.c.stakingPool.target)).toBe(CXT(100));
  });

  it('slash is for the slasher role only, and rejects zero and more than the stake', async () => {
    await stakeAs('alice', NODE, CXT(100));
    const role = await f.c.stakingPool.SLASHER_ROLE();
    await expectRevert(f.as('alice').stakingPool.slash(NODE, 1, id('x')), f.c.stakingPool, 'AccessControlUnauthorizedAccount', [f.wallet('alice').address, role]);
    await expectRevert(f.as('slasher').stakingPool.slash(NODE, 0, id('x')), f.c.stakingPool, 'StakingPoolZeroAmount');
    await expectRevert(f.as('slasher').stakingPool.slash(NODE, CXT(101), id('x')), f.c.stakingPool, 'StakingPoolSlashExceedsStake', [NODE, CXT(100), CXT(101)]);
  });

  it('bindPayout records the payout address for the binder role and emits PayoutBound', async () => {
    const payout = f.wallet('dave').address;
    const receipt = await mined(f.as('binder').stakingPool.bindPayout(NODE, payout, id('signed binding')));
    expect(events(receipt, f.c.stakingPool, 'PayoutBound')).toEqual([{ nodeId: NODE, payout, proofHash: id('signed binding') }]);
    expect(await f.c.stakingPool.payoutOf(NODE)).toBe(payout);
    await expectRevert(f.as('binder').stakingPool.bindPayout(NODE, ZeroAddress, id('x')), f.c.stakingPool, 'StakingPoolZeroAddress');
    await expectRevert(f.as('alice').stakingPool.bindPayout(NODE, payout, id('x')), f.c.stakingPool, 'AccessControlUnauthorizedAccount');
  });

  it('parameters belong to the timelock: nobody else may set them', async () => {
    const role = await f.c.stakingPool.PARAMETER_ROLE();
    expect(await f.c.stakingPool.hasRole(role, f.deployment.timelock)).toBe(true);
    const deployer = f.wallet('deployer').address;
    for (const call of [
      f.c.stakingPool.setMinStake(1),
      f.c.stakingPool.setMaxBoostStake(CXT(1e6)),
      f.c.stakingPool.setVerifierThreshold(1),
      f.c.stakingPool.setUnstakeCooldown(1),
      f.c.stakingPool.setMaxSlashBps(1),
      f.c.stakingPool.setTreasury(deployer),
    ]) {
      await expectRevert(call, f.c.stakingPool, 'AccessControlUnauthorizedAccount', [deployer, role]);
    }
    expect(await f.c.stakingPool.hasRole(await f.c.stakingPool.DEFAULT_ADMIN_ROLE(), deployer)).toBe(false);
  });

  it('parameter setters validate and emit ParameterChanged (called as the timelock)', async () => {
    const timelock = f.deployment.timelock;
    await f.chain.rpc('anvil_impersonateAccount', [timelock]);
    await f.chain.rpc('anvil_setBalance', [timelock, '0xde0b6b3a7640000']);
    const asTimelock = f.c.stakingPool.connect(await f.chain.provider.getSigner(timelock));
    const name = (s: string) => `0x${Buffer.from(s).toString('hex').padEnd(64, '0')}`;
    // One at a time: sent together from the impersonated account, two could take one nonce.
    const cases: [() => Promise<unknown>, string, bigint, bigint][] = [
      [() => asTimelock.setMinStake(CXT(200)), 'minStake', TEST_STAKING.minStake, CXT(200)],
      [() => asTimelock.setMaxBoostStake(CXT(20_000)), 'maxBoostStake', TEST_STAKING.maxBoostStake, CXT(20_000)],
      [() => asTimelock.setVerifierThreshold(CXT(5)), 'verifierThreshold', TEST_STAKING.verifierThreshold, CXT(5)],
      [() => asTimelock.setUnstakeCooldown(60), 'unstakeCooldown', TEST_STAKING.unstakeCooldown, 60n],
      [() => asTimelock.setMaxSlashBps(2_500), 'maxSlashBps', TEST_STAKING.maxSlashBps, 2_500n],
      [() => asTimelock.setTreasury(f.wallet('carol').address), 'treasury', BigInt(f.wallet('treasury').address), BigInt(f.wallet('carol').address)],
    ];
    for (const [tx, param, oldValue, newValue] of cases) {
      const receipt = await mined(tx() as never);
      expect(events(receipt, f.c.stakingPool, 'ParameterChanged')).toEqual([{ name: name(param), oldValue, newValue }]);
    }
    expect(await f.c.stakingPool.minStake()).toBe(CXT(200));
    expect(await f.c.stakingPool.treasury()).toBe(f.wallet('carol').address);
    await expectRevert(asTimelock.setMinStake(0), f.c.stakingPool, 'StakingPoolInvalidParameter', [name('minStake'), 0n]);
    await expectRevert(asTimelock.setMinStake(CXT(20_000)), f.c.stakingPool, 'StakingPoolInvalidParameter');
    await expectRevert(asTimelock.setMaxBoostStake(CXT(200)), f.c.stakingPool, 'StakingPoolInvalidParameter');
    await expectRevert(asTimelock.setVerifierThreshold(0), f.c.stakingPool, 'StakingPoolInvalidParameter');
    await expectRevert(asTimelock.setUnstakeCooldown(91 * 24 * 3600), f.c.stakingPool, 'StakingPoolInvalidParameter');
    await expectRevert(asTimelock.setMaxSlashBps(0), f.c.stakingPool, 'StakingPoolInvalidParameter', [name('maxSlashBps'), 0n]);
    await expectRevert(asTimelock.setMaxSlashBps(10_001), f.c.stakingPool, 'StakingPoolInvalidParameter', [name('maxSlashBps'), 10_001n]);
    await expectRevert(asTimelock.setTreasury(ZeroAddress), f.c.stakingPool, 'StakingPoolZeroAddress');
    // The slash cap now applies: 25% of a 400 CXT stake.
    await stakeAs('alice', OTHER, CXT(400));
    await expectRevert(f.as('slasher').stakingPool.slash(OTHER, CXT(101), id('x')), f.c.stakingPool, 'StakingPoolSlashAboveCap', [OTHER, CXT(100), CXT(101)]);
    await mined(f.as('slasher').stakingPool.slash(OTHER, CXT(100), id('x')));
    expect(await f.c.token.balanceOf(f.wallet('carol').address)).toBe(CXT(1_000_000) + CXT(100));
    await f.chain.rpc('anvil_stopImpersonatingAccount', [timelock]);
  });

  it('the constructor refuses zero addresses and inconsistent parameters', async () => {
    const { abi, bytecode } = f.artifacts.StakingPool;
    const factory = new ContractFactory(abi as never, bytecode, f.wallet('deployer'));
    const d = f.wallet('deployer').address;
    const token = f.deployment.token;
    const name = (s: string) => encodeBytes32String(s);
    const cases: [unknown[], string, unknown[]?][] = [
      [[ZeroAddress, d, d, d, TEST_STAKING], 'StakingPoolZeroAddress'],
      [[token, d, d, ZeroAddress, TEST_STAKING], 'StakingPoolZeroAddress'],
      [[token, d, d, d, { ...TEST_STAKING, minStake: 0n }], 'StakingPoolInvalidParameter', [name('minStake'), 0n]],
      [[token, d, d, d, { ...TEST_STAKING, maxBoostStake: TEST_STAKING.minStake }], 'StakingPoolInvalidParameter', [name('maxBoostStake'), TEST_STAKING.minStake]],
      [[token, d, d, d, { ...TEST_STAKING, verifierThreshold: 0n }], 'StakingPoolInvalidParameter', [name('verifierThreshold'), 0n]],
      [[token, d, d, d, { ...TEST_STAKING, unstakeCooldown: 91n * 86_400n }], 'StakingPoolInvalidParameter', [name('unstakeCooldown'), 91n * 86_400n]],
      [[token, d, d, d, { ...TEST_STAKING, maxSlashBps: 0n }], 'StakingPoolInvalidParameter', [name('maxSlashBps'), 0n]],
    ];
    for (const [args, error, errorArgs] of cases) await expectRevert(factory.deploy(...args), f.c.stakingPool, error, errorArgs);
  });

  it('voting units are the staker’s active stake summed over its nodes', async () => {
    await stakeAs('alice', NODE, CXT(100));
    await stakeAs('alice', OTHER, CXT(250));
    const alice = f.wallet('alice').address;
    expect(await f.c.stakingPool.activeStakeOfStaker(alice)).toBe(CXT(350));
    expect(await f.c.stakingPool.getVotes(alice)).toBe(CXT(350));
    await f.chain.mine(1);
    const block = await f.chain.provider.getBlockNumber();
    expect(await f.c.stakingPool.getPastTotalSupply(block - 1)).toBe(CXT(350));
  });
});

function bigSqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = n;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + n / x) / 2n;
  }
  return x;
}
