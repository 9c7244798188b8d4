import { Interface, JsonRpcProvider, type Log } from 'ethers';
import { toUniversalAddress, type VaaBody } from '../vaa';

/** One chain the guardian watches. */
export interface ObservedChain {
  /** Wormhole chain id of the chain (2 Ethereum, 4 BSC, 23 Arbitrum): the VAA's emitterChain. */
  wormholeChainId: number;
  rpcUrl: string;
  /** The core contract (proxy) whose LogMessagePublished events are messages. */
  coreAddress: string;
  /** First block to scan (the core's deployment block). */
  fromBlock: number;
}

export const CORE_EVENTS = new Interface(['event LogMessagePublished(address indexed sender, uint64 sequence, uint32 nonce, bytes payload, uint8 consistencyLevel)']);
const MESSAGE_TOPIC = CORE_EVENTS.getEvent('LogMessagePublished')!.topicHash;

/**
 * Reads a core contract's LogMessagePublished logs from `fromBlock` to the head in bounded ranges
 * (as the chain EventFollower does, without a stored checkpoint: the guardian keeps nothing, so
 * a restart rescans and, signatures being deterministic, serves the same bytes) and hands each
 * message on as a VAA body stamped with its block's timestamp.
 */
export class ChainObserver {
  readonly provider: JsonRpcProvider;
  private next: number;
  private observed = 0;

  constructor(
    readonly chain: ObservedChain,
    private readonly onMessage: (body: VaaBody) => void,
    private readonly maxBlockRange = 2_000,
  ) {
    this.provider = new JsonRpcProvider(chain.rpcUrl, undefined, { cacheTimeout: -1, batchStallTime: 0 });
    this.next = chain.fromBlock;
  }

  /** First block not scanned yet, and messages seen so far. */
  progress(): { nextBlock: number; messages: number } {
    return { nextBlock: this.next, messages: this.observed };
  }

  /** Reads every message up to the current head. */
  async catchUp(): Promise<void> {
    const head = await this.provider.getBlockNumber();
    while (this.next <= head) {
      const to = Math.min(this.next + this.maxBlockRange - 1, head);
      const logs = await this.provider.getLogs({ address: this.chain.coreAddress, topics: [MESSAGE_TOPIC], fromBlock: this.next, toBlock: to });
      logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
      const timestamps = new Map<number, number>();
      for (const log of logs) {
        if (!timestamps.has(log.blockNumber)) timestamps.set(log.blockNumber, await this.blockTimestamp(log.blockNumber));
        this.onMessage(this.bodyOf(log, timestamps.get(log.blockNumber)!));
        this.observed++;
      }
      this.next = to + 1;
    }
  }

  close(): void {
    this.provider.destroy();
  }

  private bodyOf(log: Log, timestamp: number): VaaBody {
    const event = CORE_EVENTS.parseLog({ topics: [...log.topics], data: log.data })!;
    return {
      timestamp,
      nonce: Number(event.args.nonce),
      emitterChain: this.chain.wormholeChainId,
      emitterAddress: toUniversalAddress(event.args.sender),
      sequence: event.args.sequence as bigint,
      consistencyLevel: Number(event.args.consistencyLevel),
      payload: event.args.payload,
    };
  }

  private async blockTimestamp(blockNumber: number): Promise<number> {
    const block = await this.provider.getBlock(blockNumber);
    if (!block) throw new Error(`chain ${this.chain.wormholeChainId}: block ${blockNumber} of a log is missing`);
    return block.timestamp;
  }
}
