'use strict';
// NATS and Postgres for `npm start`: reuse what answers, start local Debian services otherwise,
// and say exactly what to run when neither is possible. Plain CommonJS, no dependencies.
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const NATS_BIN = '/usr/sbin/nats-server';
const PG_ETC = '/etc/postgresql';
const NATS_PIDFILE = path.resolve('.corex/run/nats-server.pid');

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
const pgVersion = () => fs.readdirSync(PG_ETC).sort().pop();

function run(cmd, args) {
  console.log(`[start] $ ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  return result.status === 0;
}

const services = {
  nats: {
    label: 'NATS',
    defaultPort: 4222,
    localPort: 4222,
    canStartLocally: () => fs.existsSync(NATS_BIN) && hasCommand('start-stop-daemon'),
    start() {
      fs.mkdirSync(path.dirname(NATS_PIDFILE), { recursive: true });
      return run('start-stop-daemon', [
        '--start', '--oknodo', '--background', '--make-pidfile', '--pidfile', NATS_PIDFILE,
        '--exec', NATS_BIN, '--', '-a', '127.0.0.1', '-p', '4222', '-js', '-sd', '/var/lib/nats-server', '-l', '/var/log/nats-server.log',
      ]);
    },
    stop: () => run('start-stop-daemon', ['--stop', '--oknodo', '--pidfile', NATS_PIDFILE, '--exec', NATS_BIN, '--retry', 'TERM/10/KILL/5']),
  },
  postgres: {
    label: 'Postgres',
    defaultPort: 5432,
    localPort: 5432,
    canStartLocally: () => fs.existsSync(PG_ETC) && hasCommand('pg_ctlcluster'),
    start: () => run('pg_ctlcluster', ['--skip-systemctl-redirect', pgVersion(), 'main', 'start']),
    stop: () => run('pg_ctlcluster', ['--skip-systemctl-redirect', pgVersion(), 'main', 'stop']),
  },
};

const HOW_TO_START = `
Start NATS (JetStream) and Postgres, then run npm start again. Either with Docker:
  docker compose -f deploy/compose.dev.yml up -d
or on Debian/Ubuntu, as root:
  apt-get update && apt-get install -y nats-server postgresql
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
(or point NATS_URL / DATABASE_URL at servers that are running).`;

class InfraUnavailableError extends Error {}

/**
 * Makes one service answer at url. Returns true when this call started it (so it is ours to
 * stop), false when it was already running. Throws InfraUnavailableError otherwise.
 */
async function ensureService(kind, url) {
  const svc = services[kind];
  const { host, port } = endpointOf(url, svc.defaultPort);
  const answers = () => probeTcp(host, port);
  if (await answers()) {
    console.log(`[start] ${svc.label} answers at ${host}:${port}: reusing it`);
    return false;
  }
  if (!isLocal(host) || port !== svc.localPort || !svc.canStartLocally()) {
    throw new InfraUnavailableError(`${svc.label} does not answer at ${host}:${port}.${HOW_TO_START}`);
  }
  console.log(`[start] ${svc.label} does not answer at ${host}:${port}: starting the local server`);
  if (!svc.start() || !(await waitFor(answers))) {
    throw new InfraUnavailableError(`could not start the local ${svc.label} server.${HOW_TO_START}`);
  }
  console.log(`[start] ${svc.label} answers at ${host}:${port}`);
  return true;
}

function stopService(kind) {
  console.log(`[start] stopping ${services[kind].label} (started by npm start)`);
  services[kind].stop();
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

module.exports = { probeTcp, waitFor, sleep, ensureService, stopService, ensureDatabase, InfraUnavailableError };
