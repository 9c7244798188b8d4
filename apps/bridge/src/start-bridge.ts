import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import express from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger } from '@corex/platform';
import type { BridgeConfig } from './config';
import { bridgeFeatures } from './features';
import { BridgeModule } from './bridge.module';
import { mountBridgeOps } from './ops/bridge-ops';
import { expressProblemHandler, ProblemFilter } from './http/problem.filter';
import type { BridgeTasks } from './tasks/bridge-tasks';
import type { IntakeOutcome } from './tasks/task-intake';
import { BRIDGE_TASKS } from './tokens';

export interface RunningBridge {
  /** Base URL of the bridge's HTTP API (specs, tasks). */
  url: string;
  port: number;
  /** Takes in a task VAA from elsewhere (a relayer): the same path as the chains' own task messages. */
  intakeVaa(vaa: Uint8Array): Promise<IntakeOutcome>;
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
  mountBridgeOps(app);
  // Specs are raw bytes whose keccak256 names them; a spec holds at most 4096 bytes.
  app.use('/v1/specs', express.raw({ type: () => true, limit: 8 * 1024 }));
  app.use(expressProblemHandler(logger));
  app.useGlobalFilters(new ProblemFilter(logger));
  await app.listen(config.COREX_BRIDGE_PORT, config.COREX_BRIDGE_HOST);
  const port = (app.getHttpServer().address() as AddressInfo).port;
  logger.info({ port }, 'bridge ready');
  const tasks = app.get<BridgeTasks>(BRIDGE_TASKS);
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    intakeVaa: (vaa) => {
      if (!tasks.intake) throw new Error('the bridge takes no tasks: no chain or no marketplace account');
      return tasks.intake.intakeVaa(vaa);
    },
    close: () => (closing ??= app.close()),
  };
}
