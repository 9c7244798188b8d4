import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { ChainFromEnv } from '@corex/chain';
import type { EventLog } from '@corex/eventstore';
import { chainFollowerLags, createServiceOps, durableEventsBehind, natsProbe, postgresProbe, rpcProbe, type ServiceOps } from '@corex/platform';
import { SettlementProgress } from './settlement-progress';

/** The staking service's durable consumers are named `staking-…` (ingest keys, slashing). */
const OWN_DURABLES = /^staking-/;

/** The staking service's `/metrics` and `/health`: NATS, Postgres, the chain, its consumers, its chain followers and the settlement's lag. */
export function createStakingOps(log: EventLog, ds: DataSource, chain: ChainFromEnv | null): { ops: ServiceOps; settlement: SettlementProgress } {
  const stream = log.store.names.stream;
  const ops = createServiceOps({
    service: 'staking',
    dependencies: { nats: natsProbe(log.nc), postgres: postgresProbe(ds), ...(chain && { chain: rpcProbe(chain.provider) }) },
    consumers: async () => {
      const lags: Record<string, number> = {};
      for await (const info of await log.jsm.consumers.list(stream)) {
        const name = info.config.durable_name;
        if (name && OWN_DURABLES.test(name)) lags[name] = await durableEventsBehind(log.jsm, stream, name);
      }
      return lags;
    },
    chainFollowers: chain ? () => chainFollowerLags(ds, (chainId) => (chainId === chain.deployment.chainId ? chain.provider.getBlockNumber() : undefined)) : undefined,
  });
  const settlement = new SettlementProgress(log);
  const registers = [ops.registry];
  new Gauge({
    name: 'corex_settlement_lag_epochs',
    help: 'Epochs closed and not yet settled on-chain',
    registers,
    collect() {
      this.set(settlement.epochsBehind);
    },
  });
  new Gauge({
    name: 'corex_settlement_lag_seconds',
    help: 'How long the oldest closed, unsettled epoch has waited; 0 when none waits',
    registers,
    collect() {
      this.set(settlement.secondsBehind(Date.now()));
    },
  });
  new Gauge({
    name: 'corex_settlement_last_settled_epoch',
    help: 'The newest epoch settled on-chain (0 before the first; epochs count from 1)',
    registers,
    collect() {
      this.set(settlement.lastSettledEpoch ?? 0);
    },
  });
  return { ops, settlement };
}
