import path from 'node:path';
import type { z } from 'zod';
import { schedulerConfigSchema } from '@corex/scheduler-app';
import { bridgeConfigSchema } from '../../apps/bridge/src/config';
import { marketplaceConfigSchema } from '../../apps/marketplace/src/config';
import { nodeRunnerConfigSchema } from '../../apps/node-runner/src/config';
import { reputationConfigSchema } from '../../apps/reputation/src/config';
import { stakingConfigSchema } from '../../apps/staking/src/config';
import { verifierConfigSchema } from '../../apps/verifier/src/config';
import { composeSchemaValidator, environmentOf, interpolate, loadComposeFile, type ComposeFile } from '../support/compose-file';

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
    const moved = { ...ENV, COREX_MARKETPLACE_PORT: '13000', COREX_BRIDGE_PORT: '18090', COREX_NATS_PORT: '24222', COREX_NATS_MONITOR_PORT: '28222', COREX_POSTGRES_PORT: '25432' };
    const ports = portsOf(loadComposeFile(COMPOSE, moved)).map(({ service, port }) => `${service} ${port}`);
    expect(ports.sort()).toEqual(['bridge 127.0.0.1:18090:8090', 'marketplace 127.0.0.1:13000:3000', 'nats 127.0.0.1:24222:4222', 'nats 127.0.0.1:28222:8222', 'postgres 127.0.0.1:25432:5432']);
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

describe('deploy/compose.dev.yml (NATS and Postgres for npm start and npm test on the host)', () => {
  it('is a valid compose file, needs no variable, and publishes on 127.0.0.1 only', () => {
    const validate = composeSchemaValidator();
    const file = loadComposeFile(DEV, {});
    expect({ valid: validate(file), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
    for (const { port } of portsOf(file)) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
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
