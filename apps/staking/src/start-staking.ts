import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { StakingConfig } from './config';
import { stakingFeatures } from './features';
import { StakingModule } from './staking.module';

export interface RunningStaking {
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
  let closing: Promise<void> | undefined;
  return { close: () => (closing ??= app.close()) };
}
