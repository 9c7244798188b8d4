import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export type DependencyState = 'ok' | 'down';

/** What `/health` of a service answers (`httpStatus` 503 when a dependency is down). */
export interface ServiceHealth {
  status: 'ok' | 'degraded';
  service: string;
  /** Each dependency the service needs (nats, postgres, chain): `ok` when it answered this probe. */
  dependencies: Record<string, DependencyState>;
  /** Events each consumer of the log has still to handle; absent while a dependency is down. */
  consumers?: Record<string, { lag: number }>;
  /** Blocks between each chain follower's checkpoint and its chain's head; absent while a dependency is down. */
  chainFollowers?: Record<string, { chainId: number; lag: number }>;
}

/** A chain follower's distance from its chain's head. */
export interface FollowerLag {
  follower: string;
  chainId: number;
  lag: number;
}

/** Where a service's health and lag come from; each probe resolves when its dependency answers. */
export interface ServiceProbes {
  service: string;
  dependencies: Record<string, () => Promise<unknown>>;
  /** Events behind the log, by consumer name. */
  consumers?: () => Promise<Record<string, number>>;
  chainFollowers?: () => Promise<FollowerLag[]>;
}

/** A service's `/metrics` registry and `/health`: built once per service instance, served by `serveOps` or a controller. */
export interface ServiceOps {
  readonly service: string;
  readonly registry: Registry;
  health(): Promise<{ httpStatus: number; body: ServiceHealth }>;
}

const answers = (probe: () => Promise<unknown>): Promise<DependencyState> => {
  try {
    return probe().then(
      () => 'ok' as const,
      () => 'down' as const,
    );
  } catch {
    return Promise.resolve('down');
  }
};

/** Reads a lag source, or nothing when it fails (a dependency went away between the probe and the read). */
const orNothing = <T>(read: (() => Promise<T>) | undefined): Promise<T | undefined> => (read ? read().catch(() => undefined) : Promise.resolve(undefined));

/**
 * The shared part of every service's observability: one registry per instance (so tests can run
 * several services in one process) with the process metrics, `corex_dependency_up`,
 * `corex_consumer_lag_events` and `corex_chain_follower_lag_blocks`; and a `/health` that probes
 * every dependency. A service adds its own metrics to `registry`.
 */
export function createServiceOps(probes: ServiceProbes): ServiceOps {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'corex_dependency_up',
    help: '1 when the dependency (nats, postgres, chain) answered the last probe, else 0',
    labelNames: ['dependency'],
    registers: [registry],
    async collect() {
      for (const [dependency, probe] of Object.entries(probes.dependencies)) this.set({ dependency }, (await answers(probe)) === 'ok' ? 1 : 0);
    },
  });
  if (probes.consumers) {
    new Gauge({
      name: 'corex_consumer_lag_events',
      help: 'Events of the log a consumer of this service has still to handle; 0 when caught up',
      labelNames: ['consumer'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const [consumer, lag] of Object.entries((await orNothing(probes.consumers)) ?? {})) this.set({ consumer }, lag);
      },
    });
  }
  if (probes.chainFollowers) {
    new Gauge({
      name: 'corex_chain_follower_lag_blocks',
      help: "Blocks between a chain follower's checkpoint and its chain's head (confirmations included)",
      labelNames: ['follower', 'chain_id'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const { follower, chainId, lag } of (await orNothing(probes.chainFollowers)) ?? []) this.set({ follower, chain_id: String(chainId) }, lag);
      },
    });
  }

  async function health(): Promise<{ httpStatus: number; body: ServiceHealth }> {
    const names = Object.keys(probes.dependencies);
    const states = await Promise.all(names.map((name) => answers(probes.dependencies[name]!)));
    const dependencies = Object.fromEntries(names.map((name, i) => [name, states[i]!]));
    const up = states.every((s) => s === 'ok');
    const body: ServiceHealth = { status: up ? 'ok' : 'degraded', service: probes.service, dependencies };
    if (up) {
      const [consumers, followers] = await Promise.all([orNothing(probes.consumers), orNothing(probes.chainFollowers)]);
      if (consumers) body.consumers = Object.fromEntries(Object.entries(consumers).map(([name, lag]) => [name, { lag }]));
      if (followers) body.chainFollowers = Object.fromEntries(followers.map(({ follower, chainId, lag }) => [follower, { chainId, lag }]));
    }
    return { httpStatus: up ? 200 : 503, body };
  }

  return { service: probes.service, registry, health };
}
