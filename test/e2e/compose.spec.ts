import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { schedulerConfigSchema } from '@corex/scheduler-app';
import { bridgeConfigSchema } from '../../apps/bridge/src/config';
import { marketplaceConfigSchema } from '../../apps/marketplace/src/config';
import { nodeRunnerConfigSchema } from '../../apps/node-runner/src/config';
import { reputationConfigSchema } from '../../apps/reputation/src/config';
import { stakingConfigSchema } from '../../apps/staking/src/config';
import { verifierConfigSchema } from '../../apps/verifier/src/config';
import { DEFAULT_DASHBOARD_DIR } from '../../apps/marketplace/src/dashboard/serve-dashboard';
import { composeSchemaValidator, environmentOf, interpolate, loadComposeFile, type ComposeFile } from '../support/compose-file';
import { commandsOf, inWorkdir, loadDockerfile, parseDockerfile } from '../support/dockerfile';

/**
 * docker-compose.yml and deploy/compose.dev.yml, checked as `docker compose config` would (no
 * engine runs here): interpolated, then validated against the compose specification's schema;
 * then our own rules for a laptop: a node-runner so jobs run, a required admin token that stops
 * compose with a clear message, ports on 127.0.0.1 only and configurable, and each service given
 * what its config reads.
 */
const root = path.resolve(__dirname, '../..');
const COMPOSE = path.join(root, 'docker-compose.yml');
const DEV = path.join(root, 'deploy/compose.dev.yml');
const ENV = { COREX_ADMIN_TOKEN: 'compose-admin-token-0123456789' };

const portsOf = (file: ComposeFile) =>
  Object.entries(file.services).flatMap(([name, s]) => (s.ports ?? []).map((p) => ({ service: name, port: typeof p === 'string' ? p : `${p.host_ip ?? ''}:${p.published ?? ''}:${p.target}` })));

/** What each of our services reads from its environment: its config schema. */
const CONFIGS: Record<string, z.ZodObject> = {
  marketplace: marketplaceConfigSchema,
  scheduler: schedulerConfigSchema,
  'node-runner': nodeRunnerConfigSchema,
  staking: stakingConfigSchema,
  verifier: verifierConfigSchema,
  reputation: reputationConfigSchema,
  bridge: bridgeConfigSchema,
};

describe('docker-compose.yml', () => {
  const validate = composeSchemaValidator();

  it('is a valid compose file under the compose specification', () => {
    const file = loadComposeFile(COMPOSE, ENV);
    expect({ valid: validate(file), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
  });

  it('stops before starting anything when COREX_ADMIN_TOKEN is unset or empty, saying what to set', () => {
    for (const token of [undefined, '']) {
      expect(() => loadComposeFile(COMPOSE, { COREX_ADMIN_TOKEN: token })).toThrow(
        /required variable COREX_ADMIN_TOKEN is missing a value: set COREX_ADMIN_TOKEN to a secret of at least 16 characters/,
      );
    }
  });

  it('publishes every port on 127.0.0.1 only, away from a laptop’s own NATS and Postgres by default', () => {
    const ports = portsOf(loadComposeFile(COMPOSE, ENV));
    expect(ports.length).toBeGreaterThan(0);
    for (const { port } of ports) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    const hostPorts = ports.map(({ port }) => Number(port.split(':')[1]));
    expect(hostPorts).not.toContain(4222);
    expect(hostPorts).not.toContain(5432);
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('takes every published host port from a COREX_*_PORT variable', () => {
    const moved = {
      ...ENV,
      COREX_MARKETPLACE_PORT: '13000',
      COREX_BRIDGE_PORT: '18090',
      COREX_NATS_PORT: '24222',
      COREX_NATS_MONITOR_PORT: '28222',
      COREX_POSTGRES_PORT: '25432',
      COREX_PROMETHEUS_PORT: '29090',
      COREX_GRAFANA_PORT: '23001',
    };
    const ports = portsOf(loadComposeFile(COMPOSE, moved)).map(({ service, port }) => `${service} ${port}`);
    expect(ports.sort()).toEqual([
      'bridge 127.0.0.1:18090:8090',
      'grafana 127.0.0.1:23001:3000',
      'marketplace 127.0.0.1:13000:3000',
      'nats 127.0.0.1:24222:4222',
      'nats 127.0.0.1:28222:8222',
      'postgres 127.0.0.1:25432:5432',
      'prometheus 127.0.0.1:29090:9090',
    ]);
  });

  it('runs a node-runner that joins with the join creds, after NATS and the scheduler', () => {
    const { services } = loadComposeFile(COMPOSE, ENV);
    const node = services['node-runner'];
    expect(node).toBeDefined();
    expect(node!.command).toEqual(expect.arrayContaining(['apps/node-runner/bin/node-runner.js', 'start']));
    expect(environmentOf(node!).COREX_NATS_CREDS).toBe('/corex-nats/creds/join.creds');
    expect(Object.keys(node!.depends_on ?? {})).toEqual(expect.arrayContaining(['nats', 'scheduler']));
    expect(node!.profiles).toBeUndefined();
  });

  it('gives each service what its config requires, and no variable it does not read', () => {
    const { services } = loadComposeFile(COMPOSE, ENV);
    for (const [name, schema] of Object.entries(CONFIGS)) {
      const env = environmentOf(services[name]!);
      const parsed = schema.safeParse(env);
      expect({ service: name, issues: parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }).toEqual({ service: name, issues: [] });
      expect({ service: name, unread: Object.keys(env).filter((key) => !(key in schema.shape)) }).toEqual({ service: name, unread: [] });
    }
  });

  it('names only volumes and services it defines', () => {
    const file = loadComposeFile(COMPOSE, ENV);
    for (const service of Object.values(file.services)) {
      for (const volume of service.volumes ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0]! : (volume.source ?? '');
        if (!source.startsWith('.') && !source.startsWith('/')) expect(Object.keys(file.volumes ?? {})).toContain(source);
      }
      const needs = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
      for (const other of needs) expect(Object.keys(file.services)).toContain(other);
    }
  });
});

describe('ops/prometheus.yml and Grafana in docker-compose.yml', () => {
  /** Where each service serves /metrics: the config settings of its HTTP port and host. */
  const METRICS_AT: Record<string, { port: string; host: string }> = {
    marketplace: { port: 'PORT', host: 'HOST' },
    bridge: { port: 'COREX_BRIDGE_PORT', host: 'COREX_BRIDGE_HOST' },
    scheduler: { port: 'COREX_SCHEDULER_HTTP_PORT', host: 'COREX_SCHEDULER_HTTP_HOST' },
    verifier: { port: 'COREX_VERIFIER_HTTP_PORT', host: 'COREX_VERIFIER_HTTP_HOST' },
    reputation: { port: 'COREX_REPUTATION_HTTP_PORT', host: 'COREX_REPUTATION_HTTP_HOST' },
    staking: { port: 'COREX_STAKING_HTTP_PORT', host: 'COREX_STAKING_HTTP_HOST' },
    'node-runner': { port: 'COREX_NODE_HTTP_PORT', host: 'COREX_NODE_HTTP_HOST' },
  };
  const targets = (): Array<{ job: string; service: string; port: number }> => {
    const config = parse(readFileSync(path.join(root, 'ops/prometheus.yml'), 'utf8')) as { scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }> };
    return config.scrape_configs.flatMap(({ job_name, static_configs }) =>
      static_configs.flatMap((s) => s.targets.map((t) => ({ job: job_name, service: t.split(':')[0]!, port: Number(t.split(':')[1]) }))),
    );
  };

  it('scrapes every service of ours, each at a compose service listening on that port beyond its loopback', () => {
    const { services } = loadComposeFile(COMPOSE, ENV);
    const scraped = targets();
    expect(scraped.map((t) => t.service).sort()).toEqual(Object.keys(METRICS_AT).sort());
    for (const { service, port } of scraped) {
      expect(Object.keys(services)).toContain(service);
      const config = CONFIGS[service]!.parse(environmentOf(services[service]!)) as Record<string, unknown>;
      expect({ service, port: config[METRICS_AT[service]!.port], host: config[METRICS_AT[service]!.host] }).toEqual({ service, port, host: '0.0.0.0' });
    }
  });

  it('runs Prometheus on that file and Grafana on the provisioned dashboard, every mounted file present', () => {
    const { services } = loadComposeFile(COMPOSE, ENV);
    const needs = (name: string) => {
      const d = services[name]!.depends_on ?? [];
      return (Array.isArray(d) ? d : Object.keys(d)).sort();
    };
    expect(needs('grafana')).toEqual(['prometheus']);
    expect(needs('prometheus')).toEqual(Object.keys(METRICS_AT).sort());
    const mounts = ['prometheus', 'grafana'].flatMap((name) => (services[name]!.volumes ?? []).map(String).filter((v) => v.startsWith('./')));
    expect(mounts).toEqual(expect.arrayContaining(['./ops/prometheus.yml:/etc/prometheus/prometheus.yml:ro', './ops/grafana/dashboards:/var/lib/grafana/dashboards:ro']));
    for (const mount of mounts) expect({ mount, exists: existsSync(path.join(root, mount.split(':')[0]!)) }).toEqual({ mount, exists: true });
    const dashboard = JSON.parse(readFileSync(path.join(root, 'ops/grafana/dashboards/corex.json'), 'utf8')) as { panels: Array<{ targets?: Array<{ expr: string }> }> };
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)).join('\n');
    for (const metric of ['corex_scheduler_queue_depth_fragments', 'corex_scheduler_lease_expiries_total', 'corex_verification_outcomes_total', 'corex_settlement_lag_seconds', 'corex_projection_lag_events', 'corex_chain_follower_lag_blocks']) {
      expect(exprs).toContain(metric);
    }
  });
});

describe('deploy/compose.dev.yml (NATS and Postgres for npm start and npm test on the host)', () => {
  it('is a valid compose file, needs no variable, and publishes on 127.0.0.1 only', () => {
    const validate = composeSchemaValidator();
    const file = loadComposeFile(DEV, {});
    expect({ valid: validate(file), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
    for (const { port } of portsOf(file)) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });
});

describe('Dockerfile (the image docker-compose.yml builds)', () => {
  const stages = loadDockerfile(path.join(root, 'Dockerfile'));
  const runtime = stages.at(-1)!;
  const dashboardCopy = runtime.instructions.findIndex((i) => i.keyword === 'COPY' && /--from=/.test(i.args) && /apps\/dashboard\/dist/.test(i.args));

  it('builds the dashboard in an earlier stage, after installing the dev dependencies it is built with', () => {
    const builder = stages.slice(0, -1).find((stage) => commandsOf(stage).includes('npm run build:dashboard'));
    expect(builder?.name).toBeTruthy();
    const commands = commandsOf(builder!);
    const install = commands.findIndex((c) => /^npm ci\b/.test(c));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(install).toBeLessThan(commands.indexOf('npm run build:dashboard'));
    // NODE_ENV=production would make npm ci leave Vite and React out, unless told to include them.
    const production = builder!.instructions.some((i) => i.keyword === 'ENV' && /NODE_ENV=production/.test(i.args));
    expect({ devDependencies: commands[install]!.includes('--include=dev') || (!production && !commands[install]!.includes('--omit=dev')) }).toEqual({ devDependencies: true });
  });

  it('copies the built pages to where the marketplace serves /dashboard/ from, into an image without dev dependencies', () => {
    expect(dashboardCopy).toBeGreaterThanOrEqual(0);
    const builder = stages.find((stage) => stage.name === /--from=(\S+)/.exec(runtime.instructions[dashboardCopy]!.args)![1])!;
    const [source, target] = runtime.instructions[dashboardCopy]!.args.split(/\s+/).filter((word) => !word.startsWith('--'));
    expect(inWorkdir(builder, builder.instructions.length, source!)).toBe(inWorkdir(builder, builder.instructions.length, 'apps/dashboard/dist'));
    // The marketplace runs from the runtime's WORKDIR (CMD), so its default directory is there, under the checkout's layout.
    const appDir = inWorkdir(runtime, runtime.instructions.length, '.');
    const served = path.posix.join(appDir, path.relative(root, DEFAULT_DASHBOARD_DIR).split(path.sep).join('/'));
    expect(inWorkdir(runtime, dashboardCopy, target!)).toBe(served);
    expect(runtime.instructions.find((i) => i.keyword === 'CMD')?.args).toContain('apps/marketplace/src/main.ts');
    expect(environmentOf(loadComposeFile(COMPOSE, ENV).services.marketplace!).COREX_DASHBOARD_DIR ?? served).toBe(served);
    expect(commandsOf(runtime)).toContain('npm ci --omit=dev');
    expect(commandsOf(runtime)).not.toContain('npm run build:dashboard');
  });

  it('leaves a build on the host out of the context, so no stale page lands in the image', () => {
    const ignored = readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());
    expect(ignored).toContain('apps/dashboard/dist');
  });

  it('reads stages, names, continuations and workdirs as docker build does', () => {
    const [first, second] = parseDockerfile('FROM a:1 AS one\n# note\nWORKDIR /w\nRUN x \\\n  --y && z\nFROM b\nCOPY --from=one d e\n');
    expect(first).toEqual({ from: 'a:1', name: 'one', instructions: [{ keyword: 'WORKDIR', args: '/w' }, { keyword: 'RUN', args: 'x --y && z' }] });
    expect(commandsOf(first!)).toEqual(['x --y', 'z']);
    expect(inWorkdir(first!, 2, 'apps')).toBe('/w/apps');
    expect(second).toEqual({ from: 'b', instructions: [{ keyword: 'COPY', args: '--from=one d e' }] });
    expect(inWorkdir(second!, 1, 'e')).toBe('/e');
  });
});

describe('compose interpolation, as the checks above apply it', () => {
  it('follows the compose rules for defaults, required values, alternatives and escapes', () => {
    const env = { SET: 'v', EMPTY: '' };
    expect(interpolate('${SET:-d} ${EMPTY:-d} ${EMPTY-d} ${UNSET-d} $SET $$SET ${SET:+alt} ${EMPTY+alt}', env)).toBe('v d  d v $SET alt alt');
    expect(() => interpolate('${EMPTY:?needed}', env)).toThrow('required variable EMPTY is missing a value: needed');
    expect(interpolate('${EMPTY?needed}', env)).toBe('');
    expect(() => interpolate('run $(date)', env)).toThrow(/invalid template/);
  });
});
