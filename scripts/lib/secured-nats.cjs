'use strict';
// `npm start` on a machine whose NATS answers without authentication: a second nats-server with
// the shipped config (deploy/nats/nats.conf) and this checkout's generated auth (<COREX_HOME_DIR>/nats/),
// its own store (<COREX_HOME_DIR>/nats-store/, default .corex), on its own port. Services and
// demo nodes connect to it as their own users. Plain CommonJS; the auth generator compiles the TypeScript lib on demand.
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { ensureNatsAuth } = require('../nats-auth.cjs');
const { probeTcp, waitFor } = require('./infra.cjs');
const { findNatsServer } = require('./local-nats.cjs');

const { natsAuth: AUTH_DIR, natsStore: STORE_DIR } = require('./corex-home.cjs').startPaths();

/** The server's INFO line at host:port: whether it asks for authentication (null when it does not answer). */
function natsRequiresAuth(host, port, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let buffer = '';
    const done = (answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      const line = buffer.split('\r\n')[0];
      if (!buffer.includes('\r\n')) return;
      try {
        done(Boolean(JSON.parse(line.replace(/^INFO\s+/, '')).auth_required));
      } catch {
        done(null);
      }
    });
    socket.once('error', () => done(null));
  });
}

/** Per-process settings (NATS_URL and each one's creds) for services and nodes on the secured server. */
function securedEnv(url, dir = AUTH_DIR) {
  const creds = (user) => path.join(dir, 'creds', `${user}.creds`);
  return {
    url,
    scheduler: {
      NATS_URL: url,
      COREX_NATS_CREDS: creds('scheduler'),
      COREX_NATS_NODE_ISSUER: path.join(dir, 'keys', 'node-issuer.json'),
      // Generated with the auth (scripts/nats-auth.cjs); absent in a directory made elsewhere, the scheduler then makes one per process.
      ...(fs.existsSync(path.join(dir, 'keys', 'sealing.secret')) ? { COREX_SEALING_SECRET_FILE: path.join(dir, 'keys', 'sealing.secret') } : {}),
    },
    marketplace: { NATS_URL: url, COREX_NATS_CREDS: creds('marketplace') },
    staking: { NATS_URL: url, COREX_NATS_CREDS: creds('staking') },
    // Scoped users: each publishes only its own aggregates (libs/nats-auth servicePermissions).
    verifier: { NATS_URL: url, COREX_NATS_CREDS: creds('verifier') },
    reputation: { NATS_URL: url, COREX_NATS_CREDS: creds('reputation') },
    bridge: { NATS_URL: url, COREX_NATS_CREDS: creds('bridge') },
    node: { NATS_URL: url, COREX_NATS_CREDS: creds('join') },
  };
}

/**
 * Starts nats-server with the shipped config and the generated auth (generated on first use and
 * kept: JetStream keeps data per account key) on `port`; resolves with the child and its settings.
 */
async function startSecuredNats({ port, prefix }) {
  const natsBin = findNatsServer();
  if (!natsBin || !fs.existsSync(natsBin)) throw new Error(`nats-server is not installed (or set NATS_SERVER_BIN): cannot start a secured NATS (COREX_NATS_SECURE=0 runs on the open one)`);
  if (await probeTcp('127.0.0.1', port)) throw new Error(`port ${port} is in use: stop what listens there or set COREX_SECURED_NATS_PORT`);
  const generated = await ensureNatsAuth({ out: AUTH_DIR, prefix });
  const authPrefix = fs.existsSync(path.join(AUTH_DIR, 'prefix')) ? fs.readFileSync(path.join(AUTH_DIR, 'prefix'), 'utf8').trim() : prefix;
  if (authPrefix !== prefix) throw new Error(`${AUTH_DIR} was generated for prefix "${authPrefix}", not "${prefix}": remove it or set COREX_SUBJECT_PREFIX`);
  console.log(`[start] NATS auth ${generated ? 'generated' : 'reused'}: ${AUTH_DIR} (creds per service, join creds for nodes; never commit it)`);
  const database = storeDatabase();
  const log = path.join(AUTH_DIR, 'nats-server.log');
  const args = ['-c', path.join(AUTH_DIR, 'server', 'nats.conf'), '-a', '127.0.0.1', '-p', String(port), '-m', '0', '-sd', STORE_DIR, '-l', log];
  console.log(`[start] $ ${natsBin} ${args.join(' ')}`);
  // Its own process group: a Ctrl-C on the terminal reaches npm start, which stops it last.
  const child = spawn(natsBin, args, { stdio: 'ignore', detached: true });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const answered = await Promise.race([waitFor(() => probeTcp('127.0.0.1', port), 30_000), exited.then(() => false)]);
  if (!answered) {
    child.kill('SIGKILL');
    throw new Error(`the secured nats-server did not start; see ${log}`);
  }
  return { child, exited, database, ...securedEnv(`nats://127.0.0.1:${port}`) };
}

/**
 * The database of this store's read models, named once per store (kept in the store directory):
 * read models are derived from the log, and checkpoints of another log (a deleted store, the
 * open server's) would skip this one's events.
 */
function storeDatabase() {
  fs.mkdirSync(STORE_DIR, { recursive: true });
  const file = path.join(STORE_DIR, 'corex-database');
  if (!fs.existsSync(file)) fs.writeFileSync(file, `corex_secured_${randomBytes(4).toString('hex')}\n`);
  return fs.readFileSync(file, 'utf8').trim();
}

module.exports = { natsRequiresAuth, startSecuredNats, securedEnv, AUTH_DIR };
