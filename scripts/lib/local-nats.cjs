'use strict';
// The open NATS `npm start` runs when none answers: a locally installed nats-server with
// JetStream, its store and log in <COREX_HOME_DIR>/nats-server/ (default .corex), in a process
// group of its own (a Ctrl-C reaches npm start, which stops it last). On Debian as root it is installed with apt-get first.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

/** COREX_NATS_SERVER_DIR, else nats-server/ in npm start's home directory (corex-home.cjs). */
const NATS_DIR = require('./corex-home.cjs').startPaths().natsServer;
const KNOWN_PLACES = ['/usr/sbin/nats-server', '/usr/local/bin/nats-server', '/opt/homebrew/bin/nats-server', path.join(os.homedir(), 'go', 'bin', 'nats-server')];

/** NATS_SERVER_BIN, else nats-server on the PATH, else where packages and `go install` put it; undefined when none. */
function findNatsServer() {
  if (process.env.NATS_SERVER_BIN) return process.env.NATS_SERVER_BIN;
  const onPath = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim()) return onPath.stdout.trim();
  return KNOWN_PLACES.find((file) => fs.existsSync(file));
}

/** `apt-get install -y nats-server`, with an `apt-get update` first when the package lists are empty or stale. */
function installNatsWithApt() {
  const install = () => run('apt-get', ['install', '-y', 'nats-server']);
  return install() || (run('apt-get', ['update']) && install());
}

function run(cmd, args) {
  console.log(`[start] $ ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

/**
 * Starts binary on 127.0.0.1:port with JetStream; answers() tells when it listens.
 * Resolves with { child, exited, stop } once it answers; throws with its log when it does not.
 */
async function startLocalNats({ binary, port, dir = NATS_DIR, answers }) {
  const store = path.join(dir, 'store');
  const log = path.join(dir, 'nats-server.log');
  fs.mkdirSync(store, { recursive: true });
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store, '-l', log];
  console.log(`[start] $ ${binary} ${args.join(' ')}`);
  const child = spawn(binary, args, { stdio: 'ignore', detached: true });
  const exited = new Promise((resolve) => {
    child.once('exit', resolve);
    child.once('error', () => resolve(-1));
  });
  if (!(await Promise.race([answers(), exited.then(() => false)]))) {
    child.kill('SIGKILL');
    const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').slice(-10).join('\n') : '';
    throw new Error(`${binary} did not start on port ${port}; ${log}:\n${tail}`);
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return { child, exited, stop };
}

module.exports = { findNatsServer, installNatsWithApt, startLocalNats, NATS_DIR };
