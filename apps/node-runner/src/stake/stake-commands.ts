import type { ContractRunner, ContractTransactionResponse, Wallet } from 'ethers';
import { chainProvider } from '@corex/chain';
import { connectCorex, nodeIdToBytes32 } from '@corex/chain-contracts';
import type { ChainTarget } from './chain-access';

/** The node's stake after a command, as the StakingPool reports it. */
export interface StakeState {
  readonly nodeId: string;
  readonly staker: string;
  readonly payout: string;
  /** wei */
  readonly active: bigint;
  readonly pending: bigint;
  /** Unix seconds; 0 when nothing is pending. */
  readonly unlockAt: number;
  readonly boostBps: number;
  readonly verifier: boolean;
}

export interface StakeOutcome {
  readonly action: 'stake' | 'unstake' | 'withdraw';
  /** wei moved by this command. */
  readonly amount: bigint;
  readonly txHashes: readonly string[];
  readonly state: StakeState;
}

/** Approves the staking pool for what is missing of the allowance, then stakes for the node. */
export async function stake(target: ChainTarget, wallet: Wallet, nodeId: string, amount: bigint): Promise<StakeOutcome> {
  const { token, stakingPool } = connectCorex(target.contracts, wallet);
  const txHashes: string[] = [];
  const allowance = await token.allowance(wallet.address, target.contracts.stakingPool);
  if (allowance < amount) txHashes.push(await mined(token.approve(target.contracts.stakingPool, amount)));
  txHashes.push(await mined(stakingPool.stake(nodeIdToBytes32(nodeId), amount)));
  return { action: 'stake', amount, txHashes, state: await stakeState(target, wallet, nodeId) };
}

/** Moves active stake to pending: it stops counting at once and unlocks after the cooldown. */
export async function unstake(target: ChainTarget, wallet: Wallet, nodeId: string, amount: bigint): Promise<StakeOutcome> {
  const { stakingPool } = connectCorex(target.contracts, wallet);
  const txHash = await mined(stakingPool.requestUnstake(nodeIdToBytes32(nodeId), amount));
  return { action: 'unstake', amount, txHashes: [txHash], state: await stakeState(target, wallet, nodeId) };
}

/** Pays the whole pending stake back to the staker once the cooldown is over. */
export async function withdraw(target: ChainTarget, wallet: Wallet, nodeId: string): Promise<StakeOutcome> {
  const { stakingPool } = connectCorex(target.contracts, wallet);
  const before = await stakingPool.nodeStake(nodeIdToBytes32(nodeId));
  const txHash = await mined(stakingPool.withdraw(nodeIdToBytes32(nodeId)));
  return { action: 'withdraw', amount: before.pending, txHashes: [txHash], state: await stakeState(target, wallet, nodeId) };
}

export async function stakeState(target: ChainTarget, runner: ContractRunner, nodeId: string): Promise<StakeState> {
  const { stakingPool } = connectCorex(target.contracts, runner);
  const key = nodeIdToBytes32(nodeId);
  const [s, boost, verifier] = await Promise.all([stakingPool.nodeStake(key), stakingPool.boostOf(key), stakingPool.isVerifier(key)]);
  return { nodeId, staker: s.staker, payout: s.payout, active: s.active, pending: s.pending, unlockAt: Number(s.unlockAt), boostBps: Number(boost), verifier };
}

/** One payment of the mining pool to the node's payout address. */
export interface RewardPayment {
  readonly amount: bigint;
  readonly cumulative: bigint;
  readonly payout: string;
  readonly txHash: string;
  readonly block: number;
}

export interface Rewards {
  readonly nodeId: string;
  readonly payout: string;
  /** Σ paid on-chain (MiningPool.paidOf). */
  readonly paid: bigint;
  readonly payments: readonly RewardPayment[];
  /** Earned but not yet paid, as the marketplace reports it (null when it was not asked). */
  readonly pending: string | null;
}

/** What the mining pool paid the node (its RewardPaid events from the deployment block), plus pending from the marketplace when reachable. */
export async function rewards(target: ChainTarget, nodeId: string, pendingFromApi: () => Promise<string | null>): Promise<Rewards> {
  const provider = chainProvider(target.rpcUrl, target.chainId);
  const { miningPool, stakingPool } = connectCorex(target.contracts, provider);
  const key = nodeIdToBytes32(nodeId);
  const [paid, payout, events, pending] = await Promise.all([
    miningPool.paidOf(key),
    stakingPool.payoutOf(key),
    miningPool.queryFilter(miningPool.filters.RewardPaid(key), target.deployedAtBlock),
    pendingFromApi(),
  ]);
  const payments = events.map((e) => ({ amount: e.args.amount, cumulative: e.args.cumulative, payout: e.args.payout, txHash: e.transactionHash, block: e.blockNumber }));
  return { nodeId, payout, paid, payments, pending };
}

async function mined(sent: Promise<ContractTransactionResponse>): Promise<string> {
  const tx = await sent;
  await tx.wait();
  return tx.hash;
}
