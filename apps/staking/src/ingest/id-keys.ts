import type { DataSource } from 'typeorm';
import { accountIdToBytes32, nodeIdToBytes32 } from '@corex/chain-contracts';
import type { DurableConsumer, EventLog } from '@corex/eventstore';
import { kindFilter, parseAggregateSubject, type StoredEvent } from '@corex/events';
import type { Logger } from '@corex/platform';

type Kind = 'node' | 'account';

/**
 * The ids behind the contracts' bytes32 keys (keccak256 of the id string): every node and
 * account the log names, kept in `staking.id_keys` and in memory. Fed by two durable consumers
 * of the `node.*` and `account.*` aggregates.
 */
export class IdKeys {
  private readonly ids = new Map<string, string>();
  private readonly consumers: DurableConsumer[] = [];
  /** Told every node id of each batch the node consumer handles, before the batch is acked (ChainIngest restates keyed stake facts). */
  onNodeIds?: (ids: string[]) => Promise<void>;

  constructor(
    private readonly ds: DataSource,
    private readonly log: EventLog,
    private readonly logger: Logger,
  ) {}

  nodeIdOf = (key: string): string | undefined => this.ids.get(`node:${key}`);
  accountIdOf = (key: string): string | undefined => this.ids.get(`account:${key}`);

  async start(): Promise<void> {
    const rows: Array<{ key: string; kind: string; id: string }> = await this.ds.query(`SELECT key, kind, id FROM staking.id_keys`);
    for (const r of rows) this.ids.set(`${r.kind}:${r.key}`, r.id);
    for (const kind of ['node', 'account'] as const) {
      const consumer = this.log.consumer(
        {
          durable: `staking-${kind}-keys`,
          filter: kindFilter(kind),
          maxBatch: 500,
          onFailure: (err, n, retryInMs) => this.logger.warn({ err, kind, failuresInARow: n, retryInMs }, 'id key consumer failed'),
        },
        (events) => this.learn(kind, events),
      );
      consumer.start();
      this.consumers.push(consumer);
    }
  }

  /**
   * Waits (up to `timeoutMs`) until both consumers have handled everything in the log now, so a
   * key the chain names after its node or account entered the log is known. Called before a
   * batch of chain events that names an unknown key.
   */
  async settle(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const kind of ['node', 'account'] as const) {
      for (;;) {
        const info = await this.log.jsm.consumers.info(this.log.store.names.stream, `staking-${kind}-keys`).catch(() => undefined);
        if (info && info.num_pending === 0 && info.num_ack_pending === 0) break;
        if (Date.now() > deadline) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }

  /** Adds ids directly (tests, and ids known before their events are consumed). */
  async remember(kind: Kind, ids: string[]): Promise<void> {
    const fresh = ids.filter((id) => !this.ids.has(`${kind}:${keyOf(kind, id)}`));
    if (fresh.length === 0) return;
    const keys = fresh.map((id) => keyOf(kind, id));
    await this.ds.query(
      `INSERT INTO staking.id_keys (key, kind, id) SELECT k, $1, i FROM unnest($2::text[], $3::text[]) AS t(k, i) ON CONFLICT (key) DO NOTHING`,
      [kind, keys, fresh],
    );
    fresh.forEach((id, i) => this.ids.set(`${kind}:${keys[i]}`, id));
  }

  private async learn(kind: Kind, events: StoredEvent[]): Promise<void> {
    const ids = [...new Set(events.map((e) => parseAggregateSubject(e.event.subject).id))];
    await this.remember(kind, ids);
    // All of the batch's ids, not only new ones: a crash after remembering redelivers the batch.
    if (kind === 'node') await this.onNodeIds?.(ids);
  }
}

const keyOf = (kind: Kind, id: string) => (kind === 'node' ? nodeIdToBytes32(id) : accountIdToBytes32(id)).toLowerCase();
