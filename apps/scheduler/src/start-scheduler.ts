import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { serveOps } from '@corex/platform';
import type { SchedulerConfig } from './config';
import type { SchedulerOps } from './ops/scheduler-ops';
import { SchedulerModule } from './scheduler.module';
import type { SchedulerRuntime } from './runtime/scheduler-runtime';
import { SCHEDULER_OPS, SCHEDULER_RUNTIME } from './tokens';

export interface RunningScheduler {
  /** Base URL of /metrics and /health, when COREX_SCHEDULER_HTTP_PORT is set. */
  opsUrl?: string;
  /** What the scheduler holds of a job now (SchedulerRuntime.describeJob): why a job does not advance. */
  describeJob(jobId: string): Record<string, unknown> | null;
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
  const runtime = app.get<SchedulerRuntime>(SCHEDULER_RUNTIME);
  return { opsUrl: ops?.url, describeJob: (jobId) => runtime.describeJob(jobId), close: () => (closing ??= (async () => (await ops?.close(), await app.close()))()) };
}
