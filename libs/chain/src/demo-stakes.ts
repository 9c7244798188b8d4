import type { ContractRunner } from 'ethers';
import { connectCorex, nodeIdToBytes32, type CorexAddresses } from '@corex/chain-contracts';

/** The stake curve's anchors as deployed (StakingPool.minStake / maxBoostStake, wei). */
export interface StakeCurve {
  readonly minStake: bigint;
  readonly maxBoostStake: bigint;
}

/**
 * What `npm start`'s demo stakes for its n-th node (1-based), so the boosts differ visibly on the
 * deployed curve: unstaked (1x), exactly minStake (1.1x), a quarter of the way to maxBoostStake
 * (1.1 + 1.9·√¼ = 2.05x); further nodes repeat the pattern.
 */
export function demoStakeAmount(n: number, curve: StakeCurve): bigint {
  const slot = (n - 1) % 3;
  if (slot === 0) return 0n;
  if (slot === 1) return curve.minStake;
  return curve.minStake + (curve.maxBoostStake - curve.minStake) / 4n;
}

export type DemoStakeStep =
  | { readonly nodeId: string; readonly action: 'stake'; readonly amount: bigint }
  | { readonly nodeId: string; readonly action: 'none'; readonly amount: 0n }
  /** Restarts of `npm start` keep the chain: a node that holds stake (active or unstaking) is left as it is. */
  | { readonly nodeId: string; readonly action: 'already-staked'; readonly active: bigint; readonly pending: bigint };

/** The demo's stake for each node (`n`: its number, demo-<n>), skipping nodes that hold stake already. */
export async function planDemoStakes(contracts: CorexAddresses, runner: ContractRunner, nodes: readonly { n: number; nodeId: string }[]): Promise<DemoStakeStep[]> {
  const { stakingPool } = connectCorex(contracts, runner);
  const curve = { minStake: await stakingPool.minStake(), maxBoostStake: await stakingPool.maxBoostStake() };
  return Promise.all(
    nodes.map(async ({ n, nodeId }): Promise<DemoStakeStep> => {
      const held = await stakingPool.nodeStake(nodeIdToBytes32(nodeId));
      if (held.active > 0n || held.pending > 0n) return { nodeId, action: 'already-staked', active: held.active, pending: held.pending };
      const amount = demoStakeAmount(n, curve);
      return amount === 0n ? { nodeId, action: 'none', amount: 0n } : { nodeId, action: 'stake', amount };
    }),
  );
}
