import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { ReputationConfig } from './config';
import { ReputationModule } from './reputation.module';

export interface RunningReputation {
  /** Stops the consumer, the heartbeat subscription and the windows, closes NATS. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the reputation service in this process and resolves once it runs (its replay of the log
 * goes on in the background). Used by `main.ts`, by tests and by the local stack.
 */
export async function startReputation(config: ReputationConfig): Promise<RunningReputation> {
  const app = await NestFactory.createApplicationContext(ReputationModule.forRoot(config), { logger: false, abortOnError: false });
  let closing: Promise<void> | undefined;
  return { close: () => (closing ??= app.close()) };
}
