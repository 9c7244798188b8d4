import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger } from '@corex/platform';
import type { BridgeConfig } from './config';
import { bridgeFeatures } from './features';
import { BridgeModule } from './bridge.module';
import { expressProblemHandler, ProblemFilter } from './http/problem.filter';

export interface RunningBridge {
  /** Base URL of the bridge's HTTP API (specs, tasks). */
  url: string;
  port: number;
  /** Stops the followers and the outbox, the HTTP server, closes NATS and Postgres. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the bridge in this process and resolves once it serves: task intake from every chain, the
 * statuses back to their origin, and the HTTP API. Used by `main.ts`, by tests and by the local stack.
 */
export async function startBridge(config: BridgeConfig): Promise<RunningBridge> {
  const logger = createLogger('bridge', config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(BridgeModule.forRoot(config, bridgeFeatures(config)), {
    bodyParser: false,
    logger: false,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.use(expressProblemHandler(logger));
  app.useGlobalFilters(new ProblemFilter(logger));
  app.enableShutdownHooks();
  await app.listen(config.COREX_BRIDGE_PORT, config.COREX_BRIDGE_HOST);
  const port = (app.getHttpServer().address() as AddressInfo).port;
  logger.info({ port }, 'bridge ready');
  let closing: Promise<void> | undefined;
  return { url: `http://127.0.0.1:${port}`, port, close: () => (closing ??= app.close()) };
}
