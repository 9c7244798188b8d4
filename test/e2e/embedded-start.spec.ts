import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

// `npm start` with DATABASE_URL unset on a machine whose Postgres does not answer on the port:
// the stack comes up on the embedded Postgres and a nats-server it starts itself, all on free
// ports and in temporary directories, beside whatever runs on the default ports. No chain, no
// demo, an open NATS: those use fixed paths under .corex/ (demo node homes, the secured NATS
// store) that a running `npm start` holds.
const ROOT = path.resolve(__dirname, '../..');
const TOKEN = 'embedded-start-admin-token-0123456789';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Resolves with everything printed once a line matches; rejects with it when the process exits first. */
function printedUntil(child: ChildProcess, output: string[], pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => pattern.test(output.join('')) && resolve(output.join(''));
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before ${pattern}:\n${output.join('')}`)));
  });
}

describe('npm start without DATABASE_URL and without a Postgres on the port', () => {
  let child: ChildProcess | undefined;
  const dirs: string[] = [];
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('runs the services on the embedded Postgres in its directory, and stops it and the nats-server it started on exit', async () => {
    const [api, pgPort, natsPort, ...ops] = await Promise.all(Array.from({ length: 7 }, freePort));
    const pgDir = await mkdtemp(path.join(tmpdir(), 'corex-start-pg-'));
    const natsDir = await mkdtemp(path.join(tmpdir(), 'corex-start-nats-'));
    dirs.push(pgDir, natsDir);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(api), NATS_URL: `nats://127.0.0.1:${natsPort}`, COREX_ADMIN_TOKEN: TOKEN,
      COREX_POSTGRES: 'embedded', COREX_POSTGRES_PORT: String(pgPort), COREX_POSTGRES_DIR: pgDir, COREX_NATS_SERVER_DIR: natsDir,
      COREX_CHAIN: '0', COREX_DEMO: '0', COREX_NATS_SECURE: '0',
      COREX_SCHEDULER_HTTP_PORT: String(ops[0]), COREX_VERIFIER_HTTP_PORT: String(ops[1]), COREX_REPUTATION_HTTP_PORT: String(ops[2]), COREX_STAKING_HTTP_PORT: String(ops[3]),
    };
    delete env.DATABASE_URL;
    const output: string[] = [];
    child = spawn(process.execPath, ['scripts/start.cjs'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));

    const started = await printedUntil(child, output, /\[start\] running: .*\n/);
    expect(started).toContain(`NATS does not answer at 127.0.0.1:${natsPort}: starting`);
    expect(started).toContain(`Postgres: embedded, postgres://postgres:***@127.0.0.1:${pgPort}/corex, data in ${pgDir} (created now`);
    expect(started).toMatch(/running: marketplace, scheduler, staking, verifier, reputation {2}\(NATS .*, Postgres postgres:\/\/postgres:\*\*\*@/);

    const created = await fetch(`http://127.0.0.1:${api}/v1/accounts`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'embedded' }) });
    expect(created.status).toBe(201);
    const account = (await created.json()) as { id: string };
    const password = (await readFile(path.join(pgDir, 'password'), 'utf8')).trim();
    const db = new Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password, database: 'corex' });
    await db.connect();
    const tables = await db.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'marketplace_migrations'`);
    await db.end();
    expect(tables.rows[0].n).toBe(1);
    expect(account.id).toBeTruthy();

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await answers(pgPort)).toBe(false);
    expect(await answers(natsPort)).toBe(false);
    expect(await answers(api)).toBe(false);
  });
});
