import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { SchedulerConfig } from './config';
import { SchedulerModule } from './scheduler.module';

export interface RunningScheduler {
  /** Stops listening, answers requests already received, closes the NATS connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the scheduler in this process and resolves once it is listening. Used by `main.ts`,
 * by tests and by the local stack.
 */
export async function startScheduler(config: SchedulerConfig): Promise<RunningScheduler> {
  const app = await NestFactory.createApplicationContext(SchedulerModule.forRoot(config), {
    // Logs go through the platform logger; errors during start-up reject instead of exiting the process.
    logger: false,
    abortOnError: false,
  });
  let closing: Promise<void> | undefined;
  return { close: () => (closing ??= app.close()) };
}
