import { Contract, ContractFactory, id } from 'ethers';
import { MiningPool, MiningPool__factory, StakingPool, StakingPool__factory } from '../src/generated';
import { nodeIdToBytes32 } from '../src/ids';
import { CXT, TEST_STAKING, expectRevert, mined, startFixture, type Fixture } from './fixture';
import { rewardTree } from './rewards-tree';

const NODE = nodeIdToBytes32('victim-node');

/** Pools over ReentrantToken (contracts/test): its transfer out of a pool calls the pool again, as a hostile token or receiver hook would. */
describe('Re-entry through a malicious token', () => {
  let f: Fixture;
  let bad: Contract;
  let staking: StakingPool;
  let mining: MiningPool;
  let snapshot: string;

  beforeAll(async () => {
    f = await startFixture();
    const deployer = f.wallet('deployer');
    const deploy = async (name: string, ...args: unknown[]): Promise<string> => {
      const { abi, bytecode } = f.artifacts[name];
      const contract = await new ContractFactory(abi as never, bytecode, deployer).deploy(...args);
      await contract.waitForDeployment();
      return contract.getAddress();
    };
    const token = await deploy('ReentrantToken', f.wallet('alice').address, CXT(1_000_000));
    bad = new Contract(token, f.artifacts.ReentrantToken.abi as never, f.wallet('alice'));
    const d = deployer.address;
    staking = StakingPool__factory.connect(await deploy('StakingPool', token, d, d, d, TEST_STAKING), f.wallet('alice'));
    mining = MiningPool__factory.connect(await deploy('MiningPool', token, d, d, 60), f.wallet('alice'));
    await mined(mining.connect(deployer).grantRole(await mining.SETTLER_ROLE(), d));
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

  async function pendingWithdrawal(): Promise<void> {
    await mined(bad.approve(staking.target, CXT(100)) as never);
    await mined(staking.stake(NODE, CXT(100)));
    await mined(staking.requestUnstake(NODE, CXT(100)));
    await f.chain.increaseTime(Number(TEST_STAKING.unstakeCooldown));
  }

  it('StakingPool.withdraw re-entered from the token transfer reverts, and the stake stays pending', async () => {
    await pendingWithdrawal();
    await mined(bad.arm(staking.target, staking.interface.encodeFunctionData('withdraw', [NODE])) as never);
    await expectRevert(staking.withdraw(NODE), staking, 'ReentrancyGuardReentrantCall');
    expect((await staking.nodeStake(NODE)).pending).toBe(CXT(100));
    expect(await bad.balanceOf(staking.target)).toBe(CXT(100));
  });

  it('the same withdrawal succeeds, once, when the token does not re-enter', async () => {
    await pendingWithdrawal();
    await mined(staking.withdraw(NODE));
    expect(await bad.balanceOf(staking.target)).toBe(0n);
    await expectRevert(staking.withdraw(NODE), staking, 'StakingPoolNothingToWithdraw');
  });

  it('MiningPool.claimFor re-entered (claimFor, then claimForMany) from the payout transfer reverts and pays nothing', async () => {
    const alice = f.wallet('alice').address;
    await mined(bad.approve(mining.target, CXT(50)) as never);
    await mined(mining.deposit(id('acct'), CXT(50)));
    const tree = rewardTree([
      { nodeId: NODE, payout: alice, cumulative: CXT(10) },
      { nodeId: nodeIdToBytes32('other'), payout: alice, cumulative: CXT(20) },
    ]);
    await mined(mining.connect(f.wallet('deployer')).postRoot(1, tree.root, tree.total));
    const reclaim = mining.interface.encodeFunctionData('claimFor', [NODE, alice, CXT(10), tree.proof(NODE)]);
    await mined(bad.arm(mining.target, reclaim) as never);
    await expectRevert(mining.claimFor(NODE, alice, CXT(10), tree.proof(NODE)), mining, 'ReentrancyGuardReentrantCall');
    const batch = mining.interface.encodeFunctionData('claimForMany', [[NODE], [alice], [CXT(10)], [tree.proof(NODE)]]);
    await mined(bad.arm(mining.target, batch) as never);
    await expectRevert(mining.claim(NODE, CXT(10), tree.proof(NODE)), mining, 'ReentrancyGuardReentrantCall');
    expect(await mining.paidOf(NODE)).toBe(0n);
    expect(await bad.balanceOf(mining.target)).toBe(CXT(50));
  });
});
