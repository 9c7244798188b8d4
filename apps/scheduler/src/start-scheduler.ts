import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { serveOps } from '@corex/platform';
import type { SchedulerConfig } from './config';
import type { SchedulerOps } from './ops/scheduler-ops';
import { SchedulerModule } from './scheduler.module';
import { SCHEDULER_OPS } from './tokens';

export interface RunningScheduler {
  /** Base URL of /metrics and /health, when COREX_SCHEDULER_HTTP_PORT is set. */
  opsUrl?: string;
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
  const port = config.COREX_SCHEDULER_HTTP_PORT;
  const ops = port === undefined ? undefined : await serveOps(app.get<SchedulerOps>(SCHEDULER_OPS).ops, { port, host: config.COREX_SCHEDULER_HTTP_HOST }).catch(async (err: unknown) => {
    await app.close();
    throw err;
  });
  let closing: Promise<void> | undefined;
  return { opsUrl: ops?.url, close: () => (closing ??= (async () => (await ops?.close(), await app.close()))()) };
}
