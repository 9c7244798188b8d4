import { encodeBytes32String, id } from 'ethers';
import { nodeIdToBytes32 } from '../src/ids';
import { CXT, TEST_GOVERNANCE, TEST_STAKING, events, expectRevert, mined, startFixture, type Fixture } from './fixture';

const STATE = { Pending: 0n, Active: 1n, Defeated: 3n, Succeeded: 4n, Queued: 5n, Executed: 7n };

describe('Governance', () => {
  let f: Fixture;

  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(async () => {
    await f?.chain.stop();
  });

  it('a stake-weighted proposal passes, waits out the timelock and changes a StakingPool parameter', async () => {
    const alice = f.as('alice');
    await mined(alice.token.approve(alice.stakingPool.target, CXT(5_000)));
    await mined(alice.stakingPool.stake(nodeIdToBytes32('gov-node'), CXT(5_000)));
    await f.chain.mine(1);

    const targets = [f.deployment.stakingPool];
    const values = [0n];
    const calldatas = [f.c.stakingPool.interface.encodeFunctionData('setMinStake', [CXT(250)])];
    const description = 'Raise minStake to 250 CXT';
    const descriptionHash = id(description);
    const proposalId = await alice.governor.hashProposal(targets, values, calldatas, descriptionHash);
    await mined(alice.governor.propose(targets, values, calldatas, description));
    expect(await f.c.governor.state(proposalId)).toBe(STATE.Pending);

    await f.chain.mine(Number(TEST_GOVERNANCE.votingDelay) + 1);
    expect(await f.c.governor.state(proposalId)).toBe(STATE.Active);
    const vote = await mined(alice.governor.castVote(proposalId, 1));
    expect(events(vote, f.c.governor, 'VoteCast')[0]).toMatchObject({ voter: f.wallet('alice').address, support: 1n, weight: CXT(5_000) });
    // Bob holds CXT but no stake: his vote weighs nothing.
    const bobVote = await mined(f.as('bob').governor.castVote(proposalId, 0));
    expect(events(bobVote, f.c.governor, 'VoteCast')[0]).toMatchObject({ support: 0n, weight: 0n });

    await f.chain.mine(Number(TEST_GOVERNANCE.votingPeriod) + 1);
    expect(await f.c.governor.state(proposalId)).toBe(STATE.Succeeded);
    await mined(f.c.governor.queue(targets, values, calldatas, descriptionHash));
    expect(await f.c.governor.state(proposalId)).toBe(STATE.Queued);
    await expectRevert(f.c.governor.execute(targets, values, calldatas, descriptionHash), [f.c.governor, f.c.timelock], 'TimelockUnexpectedOperationState');
    expect(await f.c.stakingPool.minStake()).toBe(TEST_STAKING.minStake);

    await f.chain.increaseTime(Number(TEST_GOVERNANCE.timelockDelay));
    const executed = await mined(f.c.governor.execute(targets, values, calldatas, descriptionHash));
    expect(events(executed, f.c.stakingPool, 'ParameterChanged')).toEqual([
      { name: encodeBytes32String('minStake'), oldValue: TEST_STAKING.minStake, newValue: CXT(250) },
    ]);
    expect(await f.c.governor.state(proposalId)).toBe(STATE.Executed);
    expect(await f.c.stakingPool.minStake()).toBe(CXT(250));
    expect(await f.c.stakingPool.boostFor(CXT(249))).toBe(10_000n);
  });

  it('a proposal without quorum is defeated', async () => {
    const targets = [f.deployment.miningPool];
    const calldatas = [f.c.miningPool.interface.encodeFunctionData('setEpochLength', [5])];
    const description = 'Epochs of 5 seconds';
    const proposalId = await f.c.governor.hashProposal(targets, [0n], calldatas, id(description));
    await mined(f.as('bob').governor.propose(targets, [0n], calldatas, description));
    await f.chain.mine(Number(TEST_GOVERNANCE.votingDelay) + Number(TEST_GOVERNANCE.votingPeriod) + 2);
    expect(await f.c.governor.state(proposalId)).toBe(STATE.Defeated);
  });
});
