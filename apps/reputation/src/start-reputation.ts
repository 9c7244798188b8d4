import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { EventLog } from '@corex/eventstore';
import { serveOps } from '@corex/platform';
import type { ReputationConfig } from './config';
import { createReputationOps } from './ops/reputation-ops';
import { ReputationModule } from './reputation.module';
import { ReputationService } from './reputation.service';
import { EVENT_LOG } from './tokens';

export interface RunningReputation {
  /** Base URL of /metrics and /health, when COREX_REPUTATION_HTTP_PORT is set. */
  opsUrl?: string;
  /** Stops the consumer, the heartbeat subscription and the windows, closes NATS. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the reputation service in this process and resolves once it runs (its replay of the log
 * goes on in the background). Used by `main.ts`, by tests and by the local stack.
 */
export async function startReputation(config: ReputationConfig): Promise<RunningReputation> {
  const app = await NestFactory.createApplicationContext(ReputationModule.forRoot(config), { logger: false, abortOnError: false });
  const port = config.COREX_REPUTATION_HTTP_PORT;
  const opsOf = () => createReputationOps(app.get<EventLog>(EVENT_LOG), app.get(ReputationService));
  const ops = port === undefined ? undefined : await serveOps(opsOf(), { port, host: config.COREX_REPUTATION_HTTP_HOST }).catch(async (err: unknown) => {
    await app.close();
    throw err;
  });
  let closing: Promise<void> | undefined;
  return { opsUrl: ops?.url, close: () => (closing ??= (async () => (await ops?.close(), await app.close()))()) };
}
