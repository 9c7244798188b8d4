'use strict';
// `npm start`: installs dependencies if needed, makes sure NATS and Postgres answer, creates
// the database, starts the services, runs a short demo and stays up until Ctrl-C.
// Plain CommonJS with no dependencies at load time, so it runs on a fresh clone.
const fs = require('node:fs');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const { ensureNats, ensurePostgres, ensureDatabase, probeTcp, redact, InfraUnavailableError } = require('./lib/infra.cjs');
const { Supervisor, waitReady, httpOk, formatServiceLine } = require('./lib/children.cjs');
const { natsRequiresAuth, startSecuredNats, securedEnv, AUTH_DIR } = require('./lib/secured-nats.cjs');
const { startChain, stopChain } = require('./lib/local-chain.cjs');
const { startGuardian } = require('./lib/bridge-processes.cjs');
const { ensureDashboard, BUILT_INDEX } = require('./lib/dashboard-build.cjs');
const { startPaths } = require('./lib/corex-home.cjs');
const { startPorts } = require('./lib/start-ports.cjs');

process.chdir(path.resolve(__dirname, '..'));

const ports = startPorts();

const config = {
  natsUrl: process.env.NATS_URL || 'nats://127.0.0.1:4222',
  databaseUrl: process.env.DATABASE_URL || `postgres://postgres@127.0.0.1:${ports.postgres}/corex`,
  /** `embedded`: the embedded Postgres in <COREX_HOME_DIR>/postgres even when another one is installed (DATABASE_URL unset). */
  postgresMode: process.env.COREX_POSTGRES || 'auto',
  port: ports.api,
  adminToken: process.env.COREX_ADMIN_TOKEN || '',
  demo: process.env.COREX_DEMO !== '0',
  /** `0`: run on the NATS at NATS_URL without users even when it has no authentication. */
  secureNats: process.env.COREX_NATS_SECURE !== '0',
  /** `0`: no chain (GET /v1/network answers 503 CHAIN.NOT_CONFIGURED). COREX_RPC_URL: that chain instead of the local anvils. */
  chain: process.env.COREX_CHAIN !== '0',
  prefix: process.env.COREX_SUBJECT_PREFIX || 'corex',
};
const baseUrl = `http://127.0.0.1:${config.port}`;

/** Services started by `npm start`, in order; an app whose main.ts does not exist is skipped. */
const APPS = [
  { name: 'marketplace', main: 'apps/marketplace/src/main.ts', timeoutMs: 120_000, ready: () => httpOk(`${baseUrl}/health`) },
  { name: 'scheduler', main: 'apps/scheduler/src/main.ts', timeoutMs: 60_000, ready: aliveFor(2_000) },
  // Chain facts into the log, payout binding, settlement; idles without a chain (COREX_CHAIN=0).
  { name: 'staking', main: 'apps/staking/src/main.ts', timeoutMs: 60_000, ready: aliveFor(2_000) },
  // Judges results and benchmark challenges (FragmentVerified, FraudDetected, ...); the scheduler counts a fragment once verified.
  { name: 'verifier', main: 'apps/verifier/src/main.ts', timeoutMs: 60_000, ready: aliveFor(2_000) },
  // Scores, tiers, suspends and evicts nodes from the log and their heartbeats.
  { name: 'reputation', main: 'apps/reputation/src/main.ts', timeoutMs: 60_000, ready: aliveFor(2_000) },
];
/** Where a worker serves /metrics and /health (docs/observability.md); the marketplace and the bridge serve them on their API port. */
function opsPortEnv(name) {
  return ports.ops[name] ? { [`COREX_${name.toUpperCase()}_HTTP_PORT`]: String(ports.ops[name]) } : {};
}

/** NATS and Postgres servers npm start started itself ({ stop }), stopped last, in reverse order. */
const startedInfra = [];
/** Per-process NATS settings (URL, creds) when the services run as NATS users; undefined on an open server. */
let natsUsers;
/** The secured nats-server npm start runs itself, if any. */
let securedNats;
let supervisor;
/** The chains (local anvils: home, bsc, arbitrum; or COREX_RPC_URL) and the deployment, once started. */
let chain;
let shuttingDown = false;
/** Whether apps/dashboard/dist has pages for the marketplace to serve at /dashboard/. */
let dashboardBuilt = false;

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
  const nats = await ensureNats(config.natsUrl);
  if (nats) startedInfra.push(nats);
  const postgres = await ensurePostgres({ databaseUrl: config.databaseUrl, databaseUrlSet: Boolean(process.env.DATABASE_URL), mode: config.postgresMode });
  config.databaseUrl = postgres.databaseUrl;
  if (postgres.stop) startedInfra.push(postgres);
  await secureNats();
  await ensureDatabase(config.databaseUrl);
}

/**
 * Services and nodes connect as NATS users of their own (docs/adr/0006). A NATS that answers
 * without authentication gets a second nats-server beside it, with the shipped config and this
 * checkout's generated users; one that asks for authentication is used with the users in
 * <COREX_HOME_DIR>/nats/ (COREX_NATS_AUTH_DIR), e.g. the ones docker compose generated.
 */
async function secureNats() {
  const endpoint = new URL(config.natsUrl.split(',')[0].trim());
  const requiresAuth = await natsRequiresAuth(endpoint.hostname, Number(endpoint.port || 4222));
  if (requiresAuth) {
    if (!fs.existsSync(path.join(AUTH_DIR, 'creds', 'scheduler.creds'))) {
      throw new InfraUnavailableError(`NATS at ${config.natsUrl} asks for authentication, and ${AUTH_DIR} holds no creds: set COREX_NATS_AUTH_DIR to the deployment's auth directory`);
    }
    console.log(`[start] NATS at ${config.natsUrl} asks for authentication: services and nodes connect with the users in ${AUTH_DIR}`);
    natsUsers = securedEnv(config.natsUrl);
    return;
  }
  if (!config.secureNats) {
    console.log(`[start] NATS at ${config.natsUrl} has no authentication and COREX_NATS_SECURE=0: every process connects to it without a user`);
    return;
  }
  console.log(
    `[start] NATS at ${config.natsUrl} answers without authentication: starting a second nats-server on port ${ports.securedNats} ` +
      'with deploy/nats/nats.conf and generated users, so that services and nodes run as they do in production (COREX_NATS_SECURE=0 skips this)',
  );
  securedNats = await startSecuredNats({ port: ports.securedNats, prefix: config.prefix });
  securedNats.exited.then((code) => {
    if (!shuttingDown) console.error(`[start] the secured nats-server exited (code ${code}): stopping the rest`), void shutdown(1);
  });
  natsUsers = securedNats;
  config.natsUrl = securedNats.url;
  // Read models are derived from the log: a log of its own gets a database of its own.
  if (!process.env.DATABASE_URL) {
    const url = new URL(config.databaseUrl);
    url.pathname = `/${securedNats.database}`;
    config.databaseUrl = url.toString();
    console.log(`[start] read models of this NATS store go to database ${securedNats.database} (set DATABASE_URL to choose)`);
  }
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
    const child = supervisor.spawn(app.name, process.execPath, ['-r', '@swc-node/register', app.main], { ...env, ...natsUsers?.[app.name], ...opsPortEnv(app.name) }, { format: formatServiceLine });
    await waitReady(supervisor, child, app.ready, app.timeoutMs);
    console.log(`[start] ${app.name} is ready`);
  }
  return apps.map((a) => a.name);
}

/**
 * The bridge (apps/bridge) once the marketplace answers: it submits cross-chain tasks as a customer,
 * so its account is created here with the admin token (like the demo customer's) and given a
 * MiningPool deposit for the jobs' budgets; its chain key is dev account 3 on the local chains.
 */
async function startBridge(env, token) {
  const main = 'apps/bridge/src/main.ts';
  if (!fs.existsSync(main)) return void console.log(`[start] ${main} does not exist yet: bridge not started`), [];
  const port = ports.bridge;
  if (await probeTcp('127.0.0.1', port)) throw new Error(`port ${port} is already in use: stop what listens there or set COREX_BRIDGE_PORT`);
  const res = await fetch(`${baseUrl}/v1/accounts`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bridge' }) });
  if (!res.ok) throw new Error(`creating the bridge's marketplace account answered ${res.status}: ${await res.text()}`);
  const account = await res.json();
  console.log(`[start] bridge account ${account.id} created at the marketplace`);
  const deposit = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/deposit-demo.ts', account.id, process.env.COREX_BRIDGE_DEPOSIT || '200'], { stdio: 'inherit', env });
  if (deposit.status !== 0) console.error('[start] the bridge account got no deposit: its jobs will be refused for funds');
  // A database of its own: its migrations table would re-run the chain schema the staking service created.
  const databaseUrl = new URL(config.databaseUrl);
  databaseUrl.pathname = `${databaseUrl.pathname}_bridge`;
  await ensureDatabase(databaseUrl.toString());
  // Its own scoped NATS user (libs/nats-auth servicePermissions 'bridge').
  const bridgeEnv = { ...env, ...natsUsers?.bridge, DATABASE_URL: databaseUrl.toString(), COREX_MARKETPLACE_URL: baseUrl, COREX_BRIDGE_API_KEY: account.apiKey, COREX_BRIDGE_ACCOUNT_ID: account.id, COREX_BRIDGE_PORT: String(port) };
  console.log(`[start] starting bridge: node -r @swc-node/register ${main}`);
  const child = supervisor.spawn('bridge', process.execPath, ['-r', '@swc-node/register', main], bridgeEnv, { format: formatServiceLine });
  await waitReady(supervisor, child, aliveFor(Infinity), 120_000);
  console.log(`[start] bridge is ready: http://127.0.0.1:${port}`);
  return ['bridge'];
}

function printWhereToLook(running, token, { apiKey, nodes = [] }) {
  const users = natsUsers ? `, as NATS users from ${AUTH_DIR}` : ', no NATS users';
  const lines = [`[start] running: ${[...running, ...nodes.map((n) => n.name)].join(', ') || 'nothing'}  (NATS ${config.natsUrl}${users}, Postgres ${redact(config.databaseUrl)})`];
  if (running.includes('marketplace')) {
    lines.push(`  API          ${baseUrl}/v1`, `  API docs     ${baseUrl}/docs`, `  metrics      ${baseUrl}/metrics`, `  admin token  ${token}`);
    if (dashboardBuilt) lines.push(`  dashboard    ${baseUrl}/dashboard/   (operators: node-runner login; customers: the API key)`);
    if (apiKey) lines.push(`  demo api key ${apiKey}   (curl -H "Authorization: Bearer ${apiKey}" ${baseUrl}/v1/jobs)`);
    for (const n of nodes) lines.push(`  node ${n.name}  ${n.nodeId}   (${baseUrl}/v1/nodes/${n.nodeId})`);
  }
  const workers = running.filter((name) => ports.ops[name]).map((name) => `${name} http://127.0.0.1:${ports.ops[name]}`);
  if (workers.length) lines.push(`  ops          ${workers.join(', ')}   (/metrics, /health; docs/observability.md)`);
  if (chain) {
    lines.push(`  chain        ${chain.rpcUrl}${chain.local ? ` (local anvil, home chain 1, state in ${chain.stateDir})` : ''}   deployment ${chain.env.COREX_DEPLOYMENT_FILE}   (${baseUrl}/v1/network)`);
    for (const c of chain.chains.slice(1)) lines.push(`  ${`chain ${c.name}`.padEnd(12)} ${c.rpcUrl} (local anvil, chain ${c.evmChainId})`);
    if (chain.solana) lines.push(`  ${'solana'.padEnd(13)}${chain.solana.url} (Solana devnet, LiteSVM; CXT mint and escrow in the deployment file)`);
    if (running.includes('bridge')) lines.push(`  bridge       http://127.0.0.1:${ports.bridge}   (PUT /v1/specs/{keccak}, GET /v1/tasks/{taskId}, GET /v1/tasks/{taskId}/result)`);
    if (chain.env.COREX_GUARDIAN_API_URL) lines.push(`  guardian     ${chain.env.COREX_GUARDIAN_API_URL}   (GET /v1/signed_vaa/{chain}/{emitter}/{sequence}; Wormhole's devnet key)`);
  }
  lines.push(running.length ? 'Press Ctrl-C to stop.' : 'No app exists yet: nothing to keep running.');
  console.log(lines.join('\n'));
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  await supervisor?.stopAll();
  await stopChain(chain);
  if (securedNats && securedNats.child.exitCode === null) {
    console.log('[start] stopping the secured nats-server');
    securedNats.child.kill('SIGTERM');
    await securedNats.exited;
  }
  for (const infra of startedInfra.reverse()) await infra.stop().catch((err) => console.error(`[start] ${err.message}`));
  process.exit(code);
}

function onUnexpectedExit(name, code, signal) {
  console.error(`[start] ${name} exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`}): stopping the rest`);
  void shutdown(1);
}

async function main() {
  ensureDependencies();
  console.log(`[start] chains, node homes, NATS and Postgres data: ${startPaths().home} (COREX_HOME_DIR)`);
  // COREX_DASHBOARD_BUILD=0: serve the build that is there, build none (a second npm start beside a checkout being edited).
  dashboardBuilt = process.env.COREX_DASHBOARD_BUILD === '0' ? fs.existsSync(BUILT_INDEX) : ensureDashboard();
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => (console.log(`[start] ${sig}: stopping`), void shutdown(0)));
  await startInfra();
  if (config.chain) {
    chain = await startChain({ port: ports.anvil.ethereum, ports: { bsc: ports.anvil.bsc, arbitrum: ports.anvil.arbitrum, solana: ports.solana } });
    for (const c of chain.chains) {
      c.anvil?.exited.then((code) => {
        if (!shuttingDown) console.error(`[start] the local ${c.name} chain (anvil) exited (code ${code}): stopping the rest`), void shutdown(1);
      });
    }
    chain.solana?.exited.then((code) => {
      if (!shuttingDown) console.error(`[start] the Solana devnet exited (code ${code}): stopping the rest`), void shutdown(1);
    });
  }
  const token = adminToken();
  const env = { ...process.env, ...chain?.env, NATS_URL: config.natsUrl, DATABASE_URL: config.databaseUrl, PORT: String(config.port), COREX_ADMIN_TOKEN: token };
  supervisor = new Supervisor(onUnexpectedExit);
  const guardian = chain?.guardian ? [await startGuardian(supervisor, chain.guardian)] : [];
  const running = [...guardian, ...(await startApps(env))];
  if (chain && running.includes('marketplace')) running.push(...(await startBridge(env, token)));
  const demo = { apiKey: undefined, nodes: [] };
  if (config.demo && running.includes('marketplace')) {
    try {
      // Nodes join with the shared join creds and are issued users of their own.
      await require('./lib/demo.cjs').runDemo({ baseUrl, adminToken: token, env: { ...env, ...natsUsers?.node }, supervisor, state: demo });
      // Issue 14: tasks from BSC and Solana through the SDK, one node paid on Arbitrum (COREX_DEMO_BRIDGE=0: none).
      if (running.includes('bridge')) await require('./lib/demo-bridge.cjs').runBridgeDemo({ baseUrl, env, route: demo.payoutRoute });
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
