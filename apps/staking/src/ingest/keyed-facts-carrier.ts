import type { DataSource } from 'typeorm';
import { nodeIdToBytes32 } from '@corex/chain-contracts';
import type { EventLog } from '@corex/eventstore';
import { subjects } from '@corex/events';
import type { ChainFactAppender } from './chain-fact-appender';
import { namedFactsOf } from './named-facts';

/** Runs `work` alone with the chain follower's batches (ChainIngest's lock). */
export type Serialize = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * Restates a node's keyed stake facts under its id when the ingest learns the id (the node
 * registered after it staked, or the id consumer lagged behind the chain). Called by the node-id
 * consumer for every node id of each batch it handles (before its ack, so a crash redelivers),
 * under the follower's lock: a batch in flight with the old mapping has appended its keyed facts
 * before this reads them, and every later batch names the node itself.
 */
export class KeyedFactsCarrier {
  constructor(
    private readonly ds: DataSource,
    private readonly log: EventLog,
    private readonly appender: ChainFactAppender,
    private readonly serialize: Serialize,
  ) {}

  async carry(nodeIds: string[]): Promise<void> {
    const byKeyedSubject = new Map(nodeIds.map((id) => [subjects.stake(nodeIdToBytes32(id).toLowerCase()), id]));
    if (byKeyedSubject.size === 0) return;
    // Only keys the ingest ever appended under (rare: one cheap lookup per batch of node events).
    const rows: Array<{ subject: string }> = await this.ds.query(`SELECT DISTINCT subject FROM staking.appended WHERE subject = ANY($1)`, [[...byKeyedSubject.keys()]]);
    for (const { subject } of rows) {
      await this.serialize(async () => {
        const { events } = await this.log.store.read(subject);
        const facts = namedFactsOf(events.map((e) => e.event), byKeyedSubject.get(subject)!);
        // A commit failing after the append: the appender looks in the log before appending again.
        await this.ds.transaction((em) => this.appender.append(facts, em)).catch((err) => {
          this.appender.unverify();
          throw err;
        });
      });
    }
  }
}
