import { parseEther } from 'ethers';
import { connectCorex, deployCorex, nodeIdToBytes32, type CorexDeployment } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { demoStakeAmount, planDemoStakes } from './demo-stakes';

describe('the demo stakes, against anvil', () => {
  let anvil: AnvilChain;
  let deployment: CorexDeployment;
  beforeAll(async () => {
    anvil = await startAnvil();
    const operator = anvil.wallet(1).address;
    deployment = await deployCorex(anvil.wallet(0), { settler: operator, anchor: operator, slasher: operator, binder: operator });
  });
  afterAll(() => anvil.stop());

  it('gives the three demo nodes visibly different boosts on the deployed curve: 1x, 1.1x at minStake, about 2x', async () => {
    const { stakingPool } = connectCorex(deployment, anvil.provider);
    const curve = { minStake: await stakingPool.minStake(), maxBoostStake: await stakingPool.maxBoostStake() };
    const boosts = await Promise.all([1, 2, 3].map((n) => stakingPool.boostFor(demoStakeAmount(n, curve))));
    expect(boosts).toEqual([10000n, 11000n, 20500n]);
    expect(demoStakeAmount(4, curve)).toBe(0n);
  });

  it('plans stakes for the nodes that hold none and leaves a node that already holds stake (a restart of npm start) as it is', async () => {
    const staker = anvil.wallet(0);
    const { token, stakingPool } = connectCorex(deployment, staker);
    const ids = ['demo-node-a', 'demo-node-b', 'demo-node-c'];
    const nodes = ids.map((nodeId, i) => ({ n: i + 1, nodeId }));
    const first = await planDemoStakes(deployment, anvil.provider, nodes);
    expect(first).toEqual([
      { nodeId: ids[0], action: 'none', amount: 0n },
      { nodeId: ids[1], action: 'stake', amount: parseEther('1000') },
      { nodeId: ids[2], action: 'stake', amount: parseEther('25750') },
    ]);

    await (await token.approve(deployment.stakingPool, parseEther('1000'))).wait();
    await (await stakingPool.stake(nodeIdToBytes32(ids[1]), parseEther('1000'))).wait();
    const again = await planDemoStakes(deployment, anvil.provider, nodes);
    expect(again[1]).toEqual({ nodeId: ids[1], action: 'already-staked', active: parseEther('1000'), pending: 0n });
    expect(again[2]).toEqual(first[2]);
  });
});
