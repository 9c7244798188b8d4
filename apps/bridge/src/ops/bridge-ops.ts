import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { EventLog } from '@corex/eventstore';
import { chainFollowerLags, createServiceOps, natsProbe, opsMiddleware, postgresProbe, rpcProbe, type ServiceOps } from '@corex/platform';
import type { BridgeNetwork } from '../network/bridge-network';
import { BRIDGE_NETWORK, DATA_SOURCE, EVENT_LOG } from '../tokens';

/** The bridge's `/metrics` and `/health`: NATS, Postgres, each EVM chain's RPC (`chain:<name>`), and its chain followers' lag in blocks. */
export function createBridgeOps(log: EventLog, ds: DataSource, network: BridgeNetwork | null): ServiceOps {
  const chains = network?.chains ?? [];
  return createServiceOps({
    service: 'bridge',
    dependencies: { nats: natsProbe(log.nc), postgres: postgresProbe(ds), ...Object.fromEntries(chains.map((c) => [`chain:${c.name}`, rpcProbe(c.provider)])) },
    chainFollowers: network ? () => chainFollowerLags(ds, (chainId) => chains.find((c) => c.evmChainId === chainId)?.provider.getBlockNumber()) : undefined,
  });
}

/** Serves `/metrics` and `/health` on the bridge's HTTP API. Call before `listen`. */
export function mountBridgeOps(app: INestApplication): void {
  app.use(opsMiddleware(createBridgeOps(app.get<EventLog>(EVENT_LOG), app.get<DataSource>(DATA_SOURCE), app.get<BridgeNetwork | null>(BRIDGE_NETWORK))));
}
