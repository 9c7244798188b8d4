import type { Provider } from 'ethers';
import { routeRewards } from '@corex/bridge-domain';
import type { MiningPool } from '@corex/chain-contracts';
import type { Logger } from '@corex/platform';
import type { RewardLedger } from './reward-ledger';
import type { RouteBook } from './route-book';

export interface RewardIntakeOptions {
  miningPool: MiningPool;
  provider: Provider;
  /** The bridge operator's home address: the payout MiningPool pays for nodes routed elsewhere. */
  operator: string;
  /** First block to scan (the MiningPool's deployment block). */
  fromBlock: number;
  confirmations: number;
  routes: RouteBook;
  ledger: RewardLedger;
  logger: Logger;
}

/**
 * Follows MiningPool's RewardPaid to the bridge operator and queues each payment as a transfer to the
 * node's chosen chain (the domain's routeRewards: deterministic transferId per epoch, node and chain;
 * Solana gets whole 1e9-wei units, the dust is carried to the node's next payment). It rescans from
 * the pool's deployment block after a restart: the same payments decide the same transfers, and a
 * transfer queued before is not queued again, so dust carried is rebuilt without being stored.
 */
export class RewardIntake {
  private nextBlock: number;
  private carried = new Map<string, bigint>();
  /** RootPosted of every scanned block, in chain order: the epoch a payment belongs to, without historical state. */
  private readonly roots: { block: number; index: number; epoch: number }[] = [];

  constructor(private readonly o: RewardIntakeOptions) {
    this.nextBlock = o.fromBlock;
  }

  /** Scans the confirmed blocks not scanned yet; returns the transfer ids it queued (new or not). */
  async scan(): Promise<string[]> {
    const head = (await this.o.provider.getBlockNumber()) - this.o.confirmations;
    if (head < this.nextBlock) return [];
    const { miningPool } = this.o;
    for (const root of await miningPool.queryFilter(miningPool.filters.RootPosted(), this.nextBlock, head)) {
      this.roots.push({ block: root.blockNumber, index: root.index, epoch: Number(root.args.epoch) });
    }
    const logs = await miningPool.queryFilter(miningPool.filters.RewardPaid(undefined, this.o.operator), this.nextBlock, head);
    const queued: string[] = [];
    for (const log of logs) queued.push(...(await this.intake(log.blockNumber, log.index, log.args.nodeId, log.args.amount)));
    this.nextBlock = head + 1;
    return queued;
  }

  /**
   * The epoch whose root was the latest before this log. Read from RootPosted rather than
   * `currentEpoch` at the block: a chain restarted from a state dump (anvil) or a pruned node has
   * no state for old blocks, and the historical call failed on every poll.
   */
  private epochAt(block: number, index: number): number {
    let epoch = 0;
    for (const r of this.roots) if (r.block < block || (r.block === block && r.index < index)) epoch = r.epoch;
    return epoch;
  }

  private async intake(blockNumber: number, logIndex: number, nodeKey: string, amount: bigint): Promise<string[]> {
    const block = await this.o.provider.getBlock(blockNumber);
    const paidAt = new Date(Number(block!.timestamp) * 1000);
    await this.o.routes.refresh();
    const chosen = this.o.routes.routeAt(nodeKey, paidAt);
    if (!chosen) {
      this.o.logger.error({ nodeKey, amount: amount.toString(), blockNumber }, 'MiningPool paid the bridge for a node with no payout route: kept by the bridge');
      return [];
    }
    const epoch = this.epochAt(blockNumber, logIndex);
    const routed = routeRewards({ epoch, rewards: [{ nodeId: chosen.nodeId, amount }], routes: new Map([[chosen.nodeId, chosen.route]]), carried: this.carried });
    this.carried = routed.carried;
    for (const home of routed.home) {
      this.o.logger.warn({ nodeId: home.nodeId, amount: home.amount.toString() }, 'MiningPool paid the bridge for a node routed home: kept by the bridge until its payout binding follows');
    }
    for (const intent of routed.transfers) await this.o.ledger.decide(intent.transferId, { kind: 'QueueRewardTransfer', intent, now: paidAt });
    return routed.transfers.map((t) => t.transferId);
  }
}
