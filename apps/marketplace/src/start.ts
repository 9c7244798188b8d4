import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import { openEventLog } from '@corex/eventstore';
import { createLogger } from '@corex/platform';
import { openDataSource } from '@corex/projections';
import { AppModule } from './app.module';
import { CatalogService, type CatalogEntries } from './catalog/catalog.service';
import type { MarketplaceConfig } from './config';
import { expressProblemHandler, ProblemFilter } from './http/problem.filter';
import { malformedPathSegments } from './http/request-strings.interceptor';
import { marketplaceMigrations } from './infrastructure/migrations';
import { Projectors } from './infrastructure/projectors';
import { CATALOG, CLOCK, CONFIG, DATA_SOURCE, EVENT_LOG, LOGGER, METRICS, PROJECTORS } from './infrastructure/tokens';
import { marketplaceProjections } from './projections';
import { createMetrics } from './ops/metrics';
import { requestCorrelation } from './http/request-correlation';
import { buildOpenApiDocument } from './ops/openapi';
import { DEFAULT_DASHBOARD_DIR, serveDashboard } from './dashboard/serve-dashboard';

export interface RunningMarketplace {
  url: string;
  port: number;
  /** Resolves once a projection has applied the event at `seq` (read-your-writes for callers and tests). */
  waitForProjection(name: string, seq: number, timeoutMs?: number): Promise<void>;
  /** The running projections (rebuild, position). */
  projectors: Projectors;
  close(): Promise<void>;
}

/** Upload routes read their own body, after authentication and with their own size limit. */
const UPLOAD_ROUTE = /^\/v1\/(datasets|models)\/?$/;

export interface MarketplaceOptions {
  catalog: CatalogEntries;
  now?: () => Date;
}

/** Opens the event log and database, starts the projections and serves the REST API. */
export async function startMarketplace(config: MarketplaceConfig, options: MarketplaceOptions): Promise<RunningMarketplace> {
  const logger = createLogger('marketplace', config.LOG_LEVEL);
  const log = await openEventLog({ url: config.NATS_URL, service: 'marketplace', stream: config.COREX_STREAM, prefix: config.COREX_SUBJECT_PREFIX, logger, credsFile: config.COREX_NATS_CREDS });
  const ds = await openDataSource({ url: config.DATABASE_URL, migrations: marketplaceMigrations, migrationsTableName: 'marketplace_migrations' });
  const projectors = new Projectors(ds, log, marketplaceProjections, logger);
  await projectors.start();
  const metrics = createMetrics(projectors, log, ds);

  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.with([
      { provide: CONFIG, useValue: config },
      { provide: LOGGER, useValue: logger },
      { provide: EVENT_LOG, useValue: log },
      { provide: DATA_SOURCE, useValue: ds },
      { provide: PROJECTORS, useValue: projectors },
      { provide: CATALOG, useValue: new CatalogService(options.catalog, ds) },
      { provide: METRICS, useValue: metrics },
      { provide: CLOCK, useValue: options.now ?? (() => new Date()) },
    ]),
    { bodyParser: false, logger: ['error', 'warn'] },
  );
  app.disable('x-powered-by');
  app.use(metrics.middleware);
  app.use(malformedPathSegments);
  const json = express.json({ limit: config.BODY_LIMIT_BYTES, type: ['application/json', 'application/*+json'] });
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) =>
    UPLOAD_ROUTE.test(req.path) ? next() : json(req, res, next),
  );
  // After the body is read: the body parser's stream callbacks would not keep the request's context.
  app.use(requestCorrelation);
  app.use('/dashboard', serveDashboard(config.COREX_DASHBOARD_DIR ?? DEFAULT_DASHBOARD_DIR));
  app.use(expressProblemHandler(logger));
  app.useGlobalFilters(new ProblemFilter(logger));
  SwaggerModule.setup('docs', app, buildOpenApiDocument('0.1.0') as never, { jsonDocumentUrl: 'docs/openapi.json' });
  await app.listen(config.PORT, config.HOST);

  const port = (app.getHttpServer().address() as AddressInfo).port;
  logger.info({ port }, 'marketplace ready');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    waitForProjection: (name, seq, timeoutMs) => projectors.waitFor(name, seq, timeoutMs),
    projectors,
    close: async () => {
      await app.close();
      await projectors.stop();
      await log.close();
      await ds.destroy();
    },
  };
}
