import { Counter, Gauge } from 'prom-client';
import type { NatsConnection } from '@nats-io/nats-core';
import { createServiceOps, natsProbe, type ServiceOps } from '@corex/platform';
import type { Worker } from './worker';

/** A node's `/metrics` and `/health` (COREX_NODE_HTTP_PORT): NATS, its slots, what runs and what it did. */
export function createNodeOps(nc: NatsConnection, worker: Worker, slots: number): ServiceOps {
  const ops = createServiceOps({ service: 'node-runner', dependencies: { nats: natsProbe(nc) } });
  const registers = [ops.registry];
  new Gauge({ name: 'corex_node_slots', help: 'Fragments this node runs at once at most', registers }).set(slots);
  new Gauge({
    name: 'corex_node_running_fragments',
    help: 'Fragments running on this node now',
    registers,
    collect() {
      this.set(worker.activity.running);
    },
  });
  new Counter({
    name: 'corex_node_fragments_total',
    help: 'Fragments this node finished since it started, by outcome (completed, failed, refused, released)',
    labelNames: ['outcome'],
    registers,
    collect() {
      this.reset();
      const { rows: _rows, ...outcomes } = worker.activity.totals;
      for (const [outcome, n] of Object.entries(outcomes)) this.inc({ outcome }, n);
    },
  });
  new Counter({
    name: 'corex_node_rows_total',
    help: 'Rows of completed fragments since the node started',
    registers,
    collect() {
      this.reset();
      this.inc(worker.activity.totals.rows);
    },
  });
  return ops;
}
