import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

// A newcomer's `npm start`: DATABASE_URL unset, no Postgres on the port, no NATS answering. It
// brings up the embedded Postgres, a nats-server of its own (and the secured one beside it), the
// local chains, the guardian, the services and the bridge, and runs the whole demo, all on free
// ports and in a temporary COREX_HOME_DIR: beside a developer's npm start and the machine's own
// Postgres on 5432, which it must leave answering.
const ROOT = path.resolve(__dirname, '../..');
const TOKEN = 'embedded-start-admin-token-0123456789';
const MACHINE_POSTGRES = 5432;
// About three minutes on an idle machine; far longer on two cores shared with other test runs.
const DEMO_TIMEOUT_MS = 12 * 60_000;

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

/** Resolves with everything printed once it matches; rejects with it when the process exits first or time runs out. */
function printedUntil(child: ChildProcess, output: string[], pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs / 1000} s:\n${output.join('')}`)), timeoutMs);
    const check = () => pattern.test(output.join('')) && (clearTimeout(timer), resolve(output.join('')));
    child.stdout!.on('data', check);
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`npm start exited (${code}) before ${pattern}:\n${output.join('')}`))));
  });
}

/** The environment of a shell with none of Corex's settings: what a newcomer has, plus this run's ports. */
function newcomerEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([key]) => !key.startsWith('COREX_') && !['DATABASE_URL', 'NATS_URL', 'PORT'].includes(key));
  return { ...Object.fromEntries(inherited), ...settings };
}

describe('npm start without DATABASE_URL and without a Postgres on the port', () => {
  let child: ChildProcess | undefined;
  let home: string | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('runs the demo to its end on the embedded Postgres in COREX_HOME_DIR, stops everything it started, and leaves the machine Postgres answering', async () => {
    expect(await answers(MACHINE_POSTGRES)).toBe(true);
    const [api, pgPort, natsPort, securedNats, anvil, bsc, arbitrum, solana, guardian, bridge, ...ops] = await Promise.all(Array.from({ length: 14 }, freePort));
    home = await mkdtemp(path.join(tmpdir(), 'corex-start-home-'));
    // As root the embedded Postgres runs as `postgres`, which must reach its directory, as it does in a checkout's .corex.
    await chmod(home, 0o755);
    const env = newcomerEnv({
      COREX_HOME_DIR: home, COREX_POSTGRES: 'embedded', COREX_POSTGRES_PORT: String(pgPort), COREX_ADMIN_TOKEN: TOKEN,
      PORT: String(api), NATS_URL: `nats://127.0.0.1:${natsPort}`, COREX_SECURED_NATS_PORT: String(securedNats),
      COREX_ANVIL_PORT: String(anvil), COREX_ANVIL_PORT_BSC: String(bsc), COREX_ANVIL_PORT_ARBITRUM: String(arbitrum), COREX_SOLANA_PORT: String(solana),
      COREX_GUARDIAN_PORT: String(guardian), COREX_BRIDGE_PORT: String(bridge),
      COREX_SCHEDULER_HTTP_PORT: String(ops[0]), COREX_VERIFIER_HTTP_PORT: String(ops[1]), COREX_REPUTATION_HTTP_PORT: String(ops[2]), COREX_STAKING_HTTP_PORT: String(ops[3]),
      // Other sessions edit the dashboard in this checkout: serve the build that is there, build none.
      COREX_DASHBOARD_BUILD: '0',
    });
    const output: string[] = [];
    child = spawn(process.execPath, ['scripts/start.cjs'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));

    const printed = await printedUntil(child, output, /Press Ctrl-C to stop\./, DEMO_TIMEOUT_MS);
    expect(printed).toContain(`NATS does not answer at 127.0.0.1:${natsPort}: starting`);
    expect(printed).toContain(`store in ${path.join(home, 'nats-server')}`);
    expect(printed).toContain(`Postgres: embedded, postgres://postgres:***@127.0.0.1:${pgPort}/corex, data in ${path.join(home, 'postgres')} (created now`);
    expect(printed).toContain(`NATS auth generated: ${path.join(home, 'nats')}`);
    expect(printed).toContain(`deployment ${path.join(home, 'deployment.json')}`);
    expect(printed).toContain(`--home ${path.join(home, 'demo-node-1')}`);
    expect(printed).toMatch(/\[demo\] 4 of 4 jobs completed/);
    expect(printed).not.toContain('[demo] failed');
    expect(printed).toMatch(/running: guardian, marketplace, scheduler, staking, verifier, reputation, bridge, demo-1, demo-2, demo-3 {2}\(NATS nats:\/\/127\.0\.0\.1:\d+, as NATS users from .*, Postgres postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/corex_secured_/);

    // The demo's jobs as the REST API shows them to the demo account: every one completed.
    const apiKey = /demo api key (\S+)/.exec(printed)![1];
    const jobs = (await (await fetch(`http://127.0.0.1:${api}/v1/jobs?limit=100`, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as { items: { id: string; type: string; status: string }[] };
    expect(new Set(jobs.items.map((j) => j.type))).toEqual(new Set(['inference', 'feature-extraction', 'preprocessing', 'training']));
    expect(jobs.items.filter((j) => j.status !== 'completed')).toEqual([]);

    // The read models are in the embedded Postgres, not the machine's.
    const password = (await readFile(path.join(home, 'postgres', 'password'), 'utf8')).trim();
    const database = /Postgres postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/(\w+)/.exec(printed)![1];
    const db = new Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password, database });
    await db.connect();
    const stored = await db.query(`SELECT count(*)::int AS n FROM marketplace.jobs WHERE status = 'completed' AND id = ANY($1)`, [jobs.items.map((j) => j.id)]);
    await db.end();
    expect(stored.rows[0].n).toBe(jobs.items.length);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const port of [api, pgPort, natsPort, securedNats, anvil, bsc, arbitrum, solana, guardian, bridge, ...ops]) expect({ port, answers: await answers(port) }).toEqual({ port, answers: false });
    expect(await answers(MACHINE_POSTGRES)).toBe(true);
  }, DEMO_TIMEOUT_MS + 120_000);
});
