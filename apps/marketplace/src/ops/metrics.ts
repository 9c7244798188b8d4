import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { EventLog } from '@corex/eventstore';
import { createServiceOps, durableEventsBehind, natsProbe, postgresProbe } from '@corex/platform';
import type { Projectors } from '../infrastructure/projectors';
import { projectionLags } from '../infrastructure/projection-lag';

/** The funds ledger's durable consumers (accounts/funds/funds-ledger.ts). */
const DURABLES = ['marketplace-funds-rewards', 'marketplace-funds-job-ends'];

/**
 * One registry per app instance, so tests can run several apps in one process: the shared
 * service metrics (dependencies, consumer lag; @corex/platform) plus HTTP and projections.
 */
export function createMetrics(projectors: Projectors, log: EventLog, ds: DataSource) {
  const { registry } = createServiceOps({
    service: 'marketplace',
    dependencies: { nats: natsProbe(log.nc), postgres: postgresProbe(ds) },
    consumers: async () => {
      const lags = await Promise.all(DURABLES.map((name) => durableEventsBehind(log.jsm, log.store.names.stream, name).catch(() => undefined)));
      return Object.fromEntries(DURABLES.flatMap((name, i) => (lags[i] === undefined ? [] : [[name, lags[i]]])));
    },
  });
  const requests = new Counter({
    name: 'corex_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'corex_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'corex_projection_position',
    help: 'Stream sequence each projection has applied',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      for (const p of projectors.all()) this.set({ projection: p.definition.name }, await p.position());
    },
  });
  new Gauge({
    name: 'corex_projection_lag_events',
    help: 'Stream sequences between the newest event a projection reads and the position it applied; 0 when caught up (events behind, for the jobs projection)',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      for (const [projection, { lag }] of Object.entries(await projectionLags(log, projectors))) this.set({ projection }, lag);
    },
  });
  new Gauge({
    name: 'corex_projection_active',
    help: '1 where this process applies the projection, 0 where it stands by',
    labelNames: ['projection'],
    registers: [registry],
    collect() {
      for (const p of projectors.all()) this.set({ projection: p.definition.name }, p.status().role === 'active' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'corex_projection_stuck',
    help: '1 while the projection cannot apply an event (see /health for which), else 0',
    labelNames: ['projection'],
    registers: [registry],
    collect() {
      for (const p of projectors.all()) this.set({ projection: p.definition.name }, p.status().stuck ? 1 : 0);
    },
  });
  new Gauge({
    name: 'corex_projection_stuck_seq',
    help: 'Stream sequence of the event the projection cannot apply, 0 when none',
    labelNames: ['projection'],
    registers: [registry],
    collect() {
      for (const p of projectors.all()) this.set({ projection: p.definition.name }, p.status().stuck?.seq ?? 0);
    },
  });
  new Counter({
    name: 'corex_projection_failures_total',
    help: 'Failed attempts to apply a batch of a projection in this process',
    labelNames: ['projection'],
    registers: [registry],
    collect() {
      this.reset();
      for (const p of projectors.all()) this.inc({ projection: p.definition.name }, p.status().failures);
    },
  });

  function middleware(req: Request, res: Response, next: NextFunction): void {
    const stop = duration.startTimer();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      requests.inc({ method: req.method, route, status: res.statusCode });
      stop({ method: req.method, route });
    });
    next();
  }

  return { registry, middleware };
}
export type Metrics = ReturnType<typeof createMetrics>;
