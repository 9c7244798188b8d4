import type { DataSource } from 'typeorm';
import { EventFollower, type ChainFromEnv } from '@corex/chain';
import { connectCorex, MiningPool__factory, StakingPool__factory } from '@corex/chain-contracts';
import type { EventLog } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import { ChainFactAppender } from './chain-fact-appender';
import { chainFactsOf, type ChainFactContext, type NodeStakeState } from './chain-facts';
import { IdKeys } from './id-keys';
import { KeyedFactsCarrier } from './keyed-facts-carrier';

export interface ChainIngestOptions {
  confirmations: number;
  pollMs: number;
  /** Checkpoint name of the follower. */
  name?: string;
}

/**
 * Chain facts into the log: follows StakingPool and MiningPool at the confirmation depth and
 * appends what their logs mean (chain-facts.ts), exactly once across crashes (the follower's
 * checkpoint and `staking.appended` commit together).
 */
export class ChainIngest {
  readonly keys: IdKeys;
  readonly follower: EventFollower;
  private readonly appender: ChainFactAppender;
  /** Follower batches and the restating of keyed facts run one at a time (KeyedFactsCarrier). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(chain: ChainFromEnv, ds: DataSource, log: EventLog, private readonly logger: Logger, options: ChainIngestOptions) {
    const { deployment, provider } = chain;
    this.keys = new IdKeys(ds, log, logger);
    const appender = (this.appender = new ChainFactAppender(log));
    const carrier = new KeyedFactsCarrier(ds, log, appender, this.serialize);
    this.keys.onNodeIds = (ids) => carrier.carry(ids);
    const { stakingPool } = connectCorex(deployment.contracts, provider);
    const ctx: ChainFactContext = {
      nodeIdOf: this.keys.nodeIdOf,
      accountIdOf: this.keys.accountIdOf,
      stakeAt: async (nodeKey, block): Promise<NodeStakeState> => {
        const at = { blockTag: block };
        const [s, boost, verifier] = await Promise.all([stakingPool.nodeStake(nodeKey, at), stakingPool.boostOf(nodeKey, at), stakingPool.isVerifier(nodeKey, at)]);
        return { staker: s.staker, active: s.active, pending: s.pending, boostBps: Number(boost), verifier };
      },
    };
    this.follower = new EventFollower({
      name: options.name ?? 'staking-ingest',
      ds,
      provider,
      chainId: deployment.chainId,
      startBlock: deployment.deployedAtBlock,
      confirmations: options.confirmations,
      pollMs: options.pollMs,
      contracts: [
        { name: 'StakingPool', address: deployment.contracts.stakingPool, abi: StakingPool__factory.abi },
        { name: 'MiningPool', address: deployment.contracts.miningPool, abi: MiningPool__factory.abi },
      ],
      handler: async (events, em) => {
        const named = events.map((e) => String(e.args.nodeId ?? e.args.accountId ?? '').toLowerCase()).filter(Boolean);
        // Outside the lock: the node-id consumer may be waiting for it to restate keyed facts.
        if (named.some((key) => !this.keys.nodeIdOf(key) && !this.keys.accountIdOf(key))) await this.keys.settle();
        await this.serialize(async () => {
          const facts = [];
          for (const e of events) facts.push(...(await chainFactsOf(e, ctx)));
          await appender.append(facts, em);
        });
      },
    });
  }

  private readonly serialize = <T>(work: () => Promise<T>): Promise<T> => {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  };

  async start(): Promise<void> {
    await this.keys.start();
    this.follower.start((err) => {
      // The batch's transaction may have rolled back after appending: the retry looks in the log first.
      this.appender.unverify();
      this.logger.error({ err }, 'chain ingest failed; retrying');
    });
  }

  async stop(): Promise<void> {
    await this.follower.stop();
    await this.keys.stop();
  }
}
