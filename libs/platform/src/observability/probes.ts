import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { FollowerLag } from './service-ops';

/** Resolves when NATS answers a round trip. */
export const natsProbe = (nc: NatsConnection) => (): Promise<void> => (nc.isClosed() ? Promise.reject(new Error('NATS connection closed')) : nc.flush());

/** Resolves when Postgres answers a query (a TypeORM DataSource or anything with `query`). */
export const postgresProbe = (db: { query(sql: string): Promise<unknown> }) => (): Promise<unknown> => db.query('SELECT 1');

/** Resolves when the chain's RPC answers (an ethers provider or anything with `getBlockNumber`). */
export const rpcProbe = (provider: { getBlockNumber(): Promise<number> }) => (): Promise<number> => provider.getBlockNumber();

/**
 * Stream sequences between the newest message on `subject` (a full subject, wildcards allowed) and
 * `position`, the last sequence a consumer handled; 0 when caught up. A consumer of every subject
 * gets the number of events it has still to handle; a filtered one counts other subjects' events
 * between them too.
 */
export async function eventsBehind(jsm: JetStreamManager, stream: string, subject: string, position: number): Promise<number> {
  const last = await jsm.streams.getMessage(stream, { last_by_subj: subject }).catch(() => null);
  return Math.max(0, (last?.seq ?? 0) - position);
}

/** Messages a durable consumer has still to handle: not yet delivered plus delivered and not acked. */
export async function durableEventsBehind(jsm: JetStreamManager, stream: string, durable: string): Promise<number> {
  const info = await jsm.consumers.info(stream, durable);
  return info.num_pending + info.num_ack_pending;
}

/**
 * How far each chain follower of a service (its checkpoints in `chain.follower_checkpoints`, libs/chain)
 * is behind its chain's head. `headOf` answers a chain's block number, or undefined for a chain
 * this service has no provider for (its follower is left out).
 */
export async function chainFollowerLags(
  db: { query(sql: string): Promise<Array<{ name: string; chain_id: string | number; block_number: string | number }>> },
  headOf: (chainId: number) => Promise<number> | undefined,
): Promise<FollowerLag[]> {
  const rows = await db.query('SELECT name, chain_id, block_number FROM chain.follower_checkpoints ORDER BY name');
  const lags = await Promise.all(
    rows.map(async (row) => {
      const chainId = Number(row.chain_id);
      const head = await headOf(chainId);
      return head === undefined ? undefined : { follower: row.name, chainId, lag: Math.max(0, head - Number(row.block_number)) };
    }),
  );
  return lags.filter((lag): lag is FollowerLag => lag !== undefined);
}
