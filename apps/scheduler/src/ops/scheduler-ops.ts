import { Counter, Gauge } from 'prom-client';
import type { EventLog } from '@corex/eventstore';
import { createServiceOps, eventsBehind, natsProbe, type ServiceOps } from '@corex/platform';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';

/** The scheduler's `/metrics` and `/health`, and the counter its lease sweeper moves. */
export interface SchedulerOps {
  ops: ServiceOps;
  /** A lease the sweeper ended: `expired` (no heartbeat renewed it) or `node-lost`. */
  leaseEnded(reason: string): void;
}

/** Read on each scrape from the runtime of this process; a standby reports an empty queue and no feed lag. */
export function createSchedulerOps(log: EventLog, runtime: SchedulerRuntime): SchedulerOps {
  const ops = createServiceOps({
    service: 'scheduler',
    dependencies: { nats: natsProbe(log.nc) },
    consumers: async (): Promise<Record<string, number>> =>
      runtime.active ? { 'scheduler-event-feed': await eventsBehind(log.jsm, log.store.names.stream, log.store.subjectOf('>'), runtime.feedPosition) } : {},
  });
  const registers = [ops.registry];
  new Gauge({
    name: 'corex_scheduler_queue_depth_fragments',
    help: 'Fragments waiting for a node, by job priority',
    labelNames: ['priority'],
    registers,
    collect() {
      for (const [priority, n] of Object.entries(runtime.state.stats().queuedByPriority)) this.set({ priority }, n);
    },
  });
  new Gauge({
    name: 'corex_scheduler_leased_fragments',
    help: 'Fragments under an open lease',
    registers,
    collect() {
      this.set(runtime.state.stats().leased);
    },
  });
  new Gauge({
    name: 'corex_scheduler_live_nodes',
    help: 'Nodes whose heartbeats arrive',
    registers,
    collect() {
      this.set(runtime.state.stats().liveNodes);
    },
  });
  new Gauge({
    name: 'corex_scheduler_leader',
    help: '1 while this process holds the leader lease and serves, 0 while it stands by',
    registers,
    collect() {
      this.set(runtime.active ? 1 : 0);
    },
  });
  const leaseEnds = new Counter({
    name: 'corex_scheduler_lease_expiries_total',
    help: 'Leases this process ended for lack of heartbeats, by reason (expired, node-lost)',
    labelNames: ['reason'],
    registers,
  });
  return { ops, leaseEnded: (reason) => leaseEnds.inc({ reason }) };
}
