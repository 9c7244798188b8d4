import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import type { ChainFromEnv } from '@corex/chain';
import type { EventLog } from '@corex/eventstore';
import { serveOps, type RunningOpsServer } from '@corex/platform';
import type { StakingConfig } from './config';
import { stakingFeatures } from './features';
import { createStakingOps } from './ops/staking-ops';
import { StakingModule } from './staking.module';
import { CHAIN, DATA_SOURCE, EVENT_LOG } from './tokens';

export interface RunningStaking {
  /** Base URL of /metrics and /health, when COREX_STAKING_HTTP_PORT is set. */
  opsUrl?: string;
  /** Stops the followers and loops, closes NATS and Postgres. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the staking service in this process and resolves once it runs. Used by `main.ts`, by
 * tests and by the local stack.
 */
export async function startStaking(config: StakingConfig): Promise<RunningStaking> {
  const app = await NestFactory.createApplicationContext(StakingModule.forRoot(config, stakingFeatures(config)), {
    logger: false,
    abortOnError: false,
  });
  const port = config.COREX_STAKING_HTTP_PORT;
  let server: RunningOpsServer | undefined;
  let stopOps = async () => undefined as void;
  if (port !== undefined) {
    const { ops, settlement } = createStakingOps(app.get<EventLog>(EVENT_LOG), app.get<DataSource>(DATA_SOURCE), app.get<ChainFromEnv | null>(CHAIN));
    settlement.start();
    stopOps = () => settlement.stop();
    server = await serveOps(ops, { port, host: config.COREX_STAKING_HTTP_HOST }).catch(async (err: unknown) => {
      await stopOps();
      await app.close();
      throw err;
    });
  }
  let closing: Promise<void> | undefined;
  return { opsUrl: server?.url, close: () => (closing ??= (async () => (await server?.close(), await stopOps(), await app.close()))()) };
}
