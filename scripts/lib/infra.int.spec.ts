import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { openDataSource } from '@corex/projections';
import { marketplaceMigrations } from '../../apps/marketplace/src/infrastructure/migrations';

interface Started {
  stop(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const infra = require('./infra.cjs') as {
  ensurePostgres(o: { databaseUrl: string; databaseUrlSet: boolean; mode: string; dir: string }): Promise<{ databaseUrl: string; stop?: () => Promise<void> }>;
  ensureDatabase(url: string): Promise<void>;
  ensureNats(url: string, o: { dir: string }): Promise<Started | null>;
  probeTcp(host: string, port: number): Promise<boolean>;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** What ensurePostgres printed while fn ran. */
async function printed<T>(fn: () => Promise<T>): Promise<{ result: T; lines: string }> {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const result = await fn();
    return { result, lines: log.mock.calls.map((c) => c.join(' ')).join('\n') };
  } finally {
    log.mockRestore();
  }
}

describe('the embedded Postgres of npm start', () => {
  let dir: string;
  let port: number;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'corex-embedded-pg-'));
    port = await freePort();
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const ensure = () => infra.ensurePostgres({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/corex`, databaseUrlSet: false, mode: 'embedded', dir });

  it('given COREX_POSTGRES=embedded on a free port, then it starts Postgres 17 there with a password, the marketplace migrations run, and it stops', async () => {
    const { result: pg, lines } = await printed(ensure);
    expect(lines).toContain(`Postgres: embedded, postgres://postgres:***@127.0.0.1:${port}/corex, data in ${dir} (created now`);
    expect(new URL(pg.databaseUrl).password).toMatch(/^[\w-]{32}$/);
    expect((await stat(path.join(dir, 'password'))).mode & 0o777).toBe(0o600);
    await printed(() => infra.ensureDatabase(pg.databaseUrl));

    const [version] = await query<{ server_version_num: string }>(pg.databaseUrl, 'SHOW server_version_num');
    expect(version.server_version_num).toMatch(/^17/);
    const noPassword = new URL(pg.databaseUrl);
    noPassword.password = '';
    await expect(query(noPassword.toString(), 'SELECT 1')).rejects.toThrow(/password/);

    const ds = await openDataSource({ url: pg.databaseUrl, migrations: marketplaceMigrations, migrationsTableName: 'marketplace_migrations' });
    await ds.destroy();
    const applied = await query<{ n: string }>(pg.databaseUrl, 'SELECT count(*) AS n FROM marketplace_migrations');
    expect(Number(applied[0].n)).toBe(marketplaceMigrations.length);

    await pg.stop!();
    expect(await infra.probeTcp('127.0.0.1', port)).toBe(false);
  });

  it('given the same data directory again, then it reuses it (same password, the migrated schema), also when an earlier run left it running', async () => {
    const first = await printed(ensure);
    expect(first.lines).toContain(`data in ${dir} (reused`);
    // Not stopped: in auto mode, the embedded server of this directory on the port is taken over, not reused without its password.
    const { result: pg, lines } = await printed(() => infra.ensurePostgres({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/corex`, databaseUrlSet: false, mode: 'auto', dir }));
    expect(lines).toContain('was left running by an earlier run: stopping it first');
    expect(lines).toContain(`data in ${dir} (reused`);
    expect(new URL(pg.databaseUrl).password).toBe(new URL(first.result.databaseUrl).password);
    const applied = await query<{ n: string }>(pg.databaseUrl, 'SELECT count(*) AS n FROM marketplace_migrations');
    expect(Number(applied[0].n)).toBe(marketplaceMigrations.length);
    await pg.stop!();
    expect(await infra.probeTcp('127.0.0.1', port)).toBe(false);
  });
});

describe('the nats-server npm start runs when none answers', () => {
  it('given a free port, then it starts nats-server with JetStream there and stops it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'corex-nats-'));
    const port = await freePort();
    const { result: nats, lines } = await printed(() => infra.ensureNats(`nats://127.0.0.1:${port}`, { dir }));
    try {
      expect(lines).toContain(`NATS does not answer at 127.0.0.1:${port}: starting`);
      const nc = await connect({ servers: `nats://127.0.0.1:${port}` });
      const info = await (await jetstreamManager(nc)).getAccountInfo();
      expect(info.streams).toBe(0);
      await nc.close();
    } finally {
      await nats!.stop();
      await rm(dir, { recursive: true, force: true });
    }
    expect(await infra.probeTcp('127.0.0.1', port)).toBe(false);
  });

  it('given one answers, then it is reused and nothing is started', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'corex-nats-'));
    const port = await freePort();
    const first = (await printed(() => infra.ensureNats(`nats://127.0.0.1:${port}`, { dir }))).result;
    try {
      const { result, lines } = await printed(() => infra.ensureNats(`nats://127.0.0.1:${port}`, { dir }));
      expect(result).toBeNull();
      expect(lines).toContain(`NATS answers at 127.0.0.1:${port}: reusing it`);
    } finally {
      await first!.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
