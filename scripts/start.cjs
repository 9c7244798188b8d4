'use strict';
// `npm start`: installs dependencies if needed, makes sure NATS and Postgres answer, creates
// the database, starts the services, runs a short demo and stays up until Ctrl-C.
// Plain CommonJS with no dependencies at load time, so it runs on a fresh clone.
const fs = require('node:fs');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const { ensureService, stopService, ensureDatabase, probeTcp, InfraUnavailableError } = require('./lib/infra.cjs');
const { Supervisor, waitReady, httpOk, formatServiceLine } = require('./lib/children.cjs');

process.chdir(path.resolve(__dirname, '..'));

const config = {
  natsUrl: process.env.NATS_URL || 'nats://127.0.0.1:4222',
  databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/corex',
  port: Number(process.env.PORT || 3000),
  adminToken: process.env.COREX_ADMIN_TOKEN || '',
  demo: process.env.COREX_DEMO !== '0',
};
const baseUrl = `http://127.0.0.1:${config.port}`;

/** Services started by `npm start`, in order; an app whose main.ts does not exist is skipped. */
const APPS = [
  { name: 'marketplace', main: 'apps/marketplace/src/main.ts', timeoutMs: 120_000, ready: () => httpOk(`${baseUrl}/health`) },
  { name: 'scheduler', main: 'apps/scheduler/src/main.ts', timeoutMs: 60_000, ready: aliveFor(2_000) },
];

const startedInfra = [];
let supervisor;
let shuttingDown = false;

function ensureDependencies() {
  const installed = ['pg', '@swc-node/register'].every((p) => fs.existsSync(path.join('node_modules', p)));
  if (installed) return;
  const command = fs.existsSync('package-lock.json') ? 'ci' : 'install';
  console.log(`[start] node_modules is missing: npm ${command}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, [command], { stdio: 'inherit', env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' } });
  if (result.status !== 0) throw new Error(`npm ${command} failed`);
}

/** Ready when the child logged a "ready" line, or has stayed alive for ms since it was spawned. */
function aliveFor(ms) {
  return async (child) => child.readyLine || Date.now() - child.spawnedAt >= ms;
}

async function startInfra() {
  if (await ensureService('nats', config.natsUrl)) startedInfra.push('nats');
  if (await ensureService('postgres', config.databaseUrl)) startedInfra.push('postgres');
  await ensureDatabase(config.databaseUrl);
}

function adminToken() {
  if (config.adminToken) return config.adminToken;
  const token = randomBytes(24).toString('base64url');
  console.log(`[start] COREX_ADMIN_TOKEN was not set; generated one for this run: ${token}`);
  return token;
}

async function startApps(env) {
  const apps = APPS.filter((app) => fs.existsSync(app.main));
  for (const skipped of APPS.filter((app) => !apps.includes(app))) console.log(`[start] ${skipped.main} does not exist yet: ${skipped.name} not started`);
  if (apps.some((a) => a.name === 'marketplace') && (await probeTcp('127.0.0.1', config.port))) {
    throw new Error(`port ${config.port} is already in use: stop what listens there or set PORT`);
  }
  for (const app of apps) {
    console.log(`[start] starting ${app.name}: node -r @swc-node/register ${app.main}`);
    const child = supervisor.spawn(app.name, process.execPath, ['-r', '@swc-node/register', app.main], env, { format: formatServiceLine });
    await waitReady(supervisor, child, app.ready, app.timeoutMs);
    console.log(`[start] ${app.name} is ready`);
  }
  return apps.map((a) => a.name);
}

function printWhereToLook(running, token, { apiKey, nodes = [] }) {
  const lines = [`[start] running: ${[...running, ...nodes.map((n) => n.name)].join(', ') || 'nothing'}  (NATS ${config.natsUrl}, Postgres ${config.databaseUrl})`];
  if (running.includes('marketplace')) {
    lines.push(`  API          ${baseUrl}/v1`, `  API docs     ${baseUrl}/docs`, `  metrics      ${baseUrl}/metrics`, `  admin token  ${token}`);
    if (apiKey) lines.push(`  demo api key ${apiKey}   (curl -H "Authorization: Bearer ${apiKey}" ${baseUrl}/v1/jobs)`);
    for (const n of nodes) lines.push(`  node ${n.name}  ${n.nodeId}   (${baseUrl}/v1/nodes/${n.nodeId})`);
  }
  lines.push(running.length ? 'Press Ctrl-C to stop.' : 'No app exists yet: nothing to keep running.');
  console.log(lines.join('\n'));
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  await supervisor?.stopAll();
  for (const kind of startedInfra.reverse()) stopService(kind);
  process.exit(code);
}

function onUnexpectedExit(name, code, signal) {
  console.error(`[start] ${name} exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`}): stopping the rest`);
  void shutdown(1);
}

async function main() {
  ensureDependencies();
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => (console.log(`[start] ${sig}: stopping`), void shutdown(0)));
  await startInfra();
  const token = adminToken();
  const env = { ...process.env, NATS_URL: config.natsUrl, DATABASE_URL: config.databaseUrl, PORT: String(config.port), COREX_ADMIN_TOKEN: token };
  supervisor = new Supervisor(onUnexpectedExit);
  const running = await startApps(env);
  const demo = { apiKey: undefined, nodes: [] };
  if (config.demo && running.includes('marketplace')) {
    try {
      await require('./lib/demo.cjs').runDemo({ baseUrl, adminToken: token, env, supervisor, state: demo });
    } catch (err) {
      console.error(`[demo] failed: ${err.message}  (the services keep running; COREX_DEMO=0 skips the demo)`);
    }
  }
  if (shuttingDown) return;
  printWhereToLook(running, token, demo);
  if (running.length === 0) await shutdown(0);
}

main().catch((err) => {
  if (shuttingDown) return;
  console.error(err instanceof InfraUnavailableError ? err.message : `[start] ${err.stack || err.message}`);
  void shutdown(1);
});
