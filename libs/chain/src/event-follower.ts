import { getAddress, Interface, type InterfaceAbi, type JsonRpcProvider, type Log, type LogDescription } from 'ethers';
import type { DataSource, EntityManager } from 'typeorm';
import { IllegalStateError } from '@corex/platform';

export interface FollowedContract {
  /** A name the handler can switch on (e.g. `StakingPool`). */
  name: string;
  address: string;
  abi: InterfaceAbi | Interface;
}

/** A decoded log of a followed contract, at a block `confirmations` deep at least. */
export interface ChainEvent {
  /** `chain:<chainId>:<txHash>:<logIndex>`: the same log gives the same id on every replay. */
  id: string;
  contract: string;
  address: string;
  name: string;
  args: LogDescription['args'];
  blockNumber: number;
  blockHash: string;
  transactionHash: string;
  logIndex: number;
}

/**
 * Writes whatever the events mean, inside the transaction that also moves the checkpoint: the
 * writes and the checkpoint commit together or not at all. A handler that appends to the event
 * log instead uses `event.id` as the message id, so a replay after a crash dedupes.
 */
export type ChainEventHandler = (events: ChainEvent[], em: EntityManager) => Promise<void>;

export interface EventFollowerOptions {
  /** Checkpoint name (one per follower). */
  name: string;
  ds: DataSource;
  provider: JsonRpcProvider;
  chainId: number;
  contracts: FollowedContract[];
  /** First block to read when there is no checkpoint (the deployment block). */
  startBlock: number;
  /** Blocks that must be on top of a block before its logs are handled (0: the head itself). */
  confirmations: number;
  handler: ChainEventHandler;
  /** Blocks per eth_getLogs request; nodes cap the range (often 1k–10k). */
  maxBlockRange?: number;
  /** Events per handler transaction: a block with more is split, the checkpoint keeping the log index. */
  maxEventsPerBatch?: number;
  pollMs?: number;
}

interface Checkpoint {
  /** Everything before this block is handled, and in it every log up to `logIndex` (null: none of it). */
  block: number;
  logIndex: number | null;
}

export const chainEventId = (chainId: number, txHash: string, logIndex: number) => `chain:${chainId}:${txHash.toLowerCase()}:${logIndex}`;

/**
 * Follows the logs of some contracts at a confirmation depth (docs/adr/0009): reads bounded
 * block ranges up to `head - confirmations`, decodes them, and hands them to the handler in the
 * Postgres transaction that records how far it got. After a crash it resumes from that
 * checkpoint, missing none and doubling none. A reorganisation deeper than `confirmations` is out
 * of scope: it is detected (the checkpoint block's hash changed) and stops the follower.
 */
export class EventFollower {
  private readonly byAddress: Map<string, { name: string; iface: Interface }>;
  private readonly maxBlockRange: number;
  private readonly maxEventsPerBatch: number;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(private readonly o: EventFollowerOptions) {
    this.byAddress = new Map(o.contracts.map((c) => [getAddress(c.address), { name: c.name, iface: c.abi instanceof Interface ? c.abi : new Interface(c.abi) }]));
    this.maxBlockRange = o.maxBlockRange ?? 2_000;
    this.maxEventsPerBatch = o.maxEventsPerBatch ?? 500;
  }

  /** Handles every confirmed log up to now; returns the first block not yet handled. */
  async catchUp(): Promise<number> {
    const head = await this.o.provider.getBlockNumber();
    const safe = head - this.o.confirmations;
    let cp = await this.checkpoint();
    while (cp.block <= safe) {
      const to = Math.min(cp.block + this.maxBlockRange - 1, safe);
      const logs = await this.o.provider.getLogs({ address: [...this.byAddress.keys()], fromBlock: cp.block, toBlock: to });
      const events = logs
        .filter((l) => l.blockNumber > cp.block || cp.logIndex === null || l.index > cp.logIndex)
        .sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index)
        .flatMap((l) => this.decode(l));
      for (let i = 0; i < events.length; i += this.maxEventsPerBatch) {
        const batch = events.slice(i, i + this.maxEventsPerBatch);
        const last = batch.at(-1)!;
        const done = i + this.maxEventsPerBatch >= events.length;
        // The range's last batch moves the checkpoint past the whole range.
        const next: Checkpoint = done ? { block: to + 1, logIndex: null } : { block: last.blockNumber, logIndex: last.logIndex };
        await this.commit(batch, next, done ? undefined : last.blockHash);
      }
      if (events.length === 0) await this.commit([], { block: to + 1, logIndex: null });
      cp = { block: to + 1, logIndex: null };
    }
    return cp.block;
  }

  /** Follows until `stop()`: catches up, then polls the head every pollMs. */
  start(onError: (err: unknown) => void = () => undefined): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          await this.catchUp();
        } catch (err) {
          if (err instanceof IllegalStateError) {
            this.running = false;
            onError(err);
            return;
          }
          onError(err);
        }
        if (!this.running) break;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, this.o.pollMs ?? 1_000);
        });
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private decode(log: Log): ChainEvent[] {
    const contract = this.byAddress.get(getAddress(log.address));
    const parsed = contract?.iface.parseLog({ topics: [...log.topics], data: log.data });
    if (!contract || !parsed) return [];
    return [
      {
        id: chainEventId(this.o.chainId, log.transactionHash, log.index),
        contract: contract.name,
        address: getAddress(log.address),
        name: parsed.name,
        args: parsed.args,
        blockNumber: log.blockNumber,
        blockHash: log.blockHash,
        transactionHash: log.transactionHash,
        logIndex: log.index,
      },
    ];
  }

  private async checkpoint(): Promise<Checkpoint> {
    const rows = await this.o.ds.query(`SELECT chain_id, block_number, block_hash, log_index FROM chain.follower_checkpoints WHERE name = $1`, [this.o.name]);
    if (!rows[0]) return { block: this.o.startBlock, logIndex: null };
    const row = rows[0];
    if (Number(row.chain_id) !== this.o.chainId) {
      throw new IllegalStateError('CHAIN.FOLLOWER_OTHER_CHAIN', `follower ${this.o.name} has a checkpoint of chain ${row.chain_id}, not ${this.o.chainId}`);
    }
    const block = Number(row.block_number);
    if (row.block_hash) {
      // The last handled block, confirmations deep when it was handled: another hash now is a reorg deeper than that.
      const handled = row.log_index === null ? block - 1 : block;
      const now = await this.o.provider.getBlock(handled);
      if (now && now.hash !== row.block_hash) {
        throw new IllegalStateError('CHAIN.REORG_BEYOND_CONFIRMATIONS', `block ${handled} changed (${row.block_hash} → ${now.hash}): a reorganisation deeper than ${this.o.confirmations} confirmations`, {
          block: handled,
        });
      }
    }
    return { block, logIndex: row.log_index === null ? null : Number(row.log_index) };
  }

  private async commit(events: ChainEvent[], next: Checkpoint, midBlockHash?: string): Promise<void> {
    const handledBlock = next.logIndex === null ? next.block - 1 : next.block;
    const hash = midBlockHash ?? (handledBlock >= 0 ? (await this.o.provider.getBlock(handledBlock))?.hash : undefined) ?? null;
    await this.o.ds.transaction(async (em) => {
      if (events.length > 0) await this.o.handler(events, em);
      await em.query(
        `INSERT INTO chain.follower_checkpoints (name, chain_id, block_number, block_hash, log_index, updated_at) VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (name) DO UPDATE SET block_number = EXCLUDED.block_number, block_hash = EXCLUDED.block_hash, log_index = EXCLUDED.log_index, updated_at = now()`,
        [this.o.name, this.o.chainId, next.block, hash, next.logIndex],
      );
    });
  }
}
