'use strict';
// Which Postgres and which NATS `npm start` uses, decided from facts gathered by infra.cjs.
// Pure functions (no I/O), unit-tested in infra-choice.spec.ts.

/** COREX_POSTGRES: `auto` (default) or `embedded` (always the embedded server in .corex/postgres). */
const POSTGRES_MODES = ['auto', 'embedded'];

/**
 * facts: { mode, databaseUrlSet, local, port, answers, embeddedRunning, clusterInstalled, postgresInstalled }.
 * Returns { use: 'reuse' | 'cluster' | 'embedded' } or { use: 'none', why }.
 * embeddedRunning: the embedded server of .corex/postgres is up on this port (left by an earlier run).
 */
function choosePostgres(f) {
  if (!POSTGRES_MODES.includes(f.mode)) return { use: 'none', why: `COREX_POSTGRES=${f.mode}: expected ${POSTGRES_MODES.join(' or ')}` };
  if (f.mode === 'embedded') {
    if (f.databaseUrlSet) return { use: 'none', why: 'COREX_POSTGRES=embedded runs a server of its own: unset DATABASE_URL (COREX_POSTGRES_PORT chooses its port)' };
    if (f.answers && !f.embeddedRunning) return { use: 'none', why: `port ${f.port} is in use: set COREX_POSTGRES_PORT to a free port for the embedded Postgres` };
    return { use: 'embedded' };
  }
  if (f.answers) return { use: f.embeddedRunning && !f.databaseUrlSet ? 'embedded' : 'reuse' };
  if (!f.local) return { use: 'none', why: 'it is not on this machine' };
  if (f.clusterInstalled && f.port === 5432) return { use: 'cluster' };
  if (f.databaseUrlSet) return { use: 'none', why: 'DATABASE_URL names it: start it, or unset DATABASE_URL for the embedded Postgres' };
  if (f.clusterInstalled || f.postgresInstalled) return { use: 'none', why: 'a Postgres is installed but not running: start it, or run COREX_POSTGRES=embedded npm start' };
  return { use: 'embedded' };
}

/**
 * facts: { answers, local, binary, platform, isRoot, hasApt }.
 * Returns { use: 'reuse' } | { use: 'start', binary } | { use: 'install', command } | { use: 'none', why }.
 */
function chooseNats(f) {
  if (f.answers) return { use: 'reuse' };
  if (!f.local) return { use: 'none', why: 'it is not on this machine: start it, or set NATS_URL to one that runs' };
  if (f.binary) return { use: 'start', binary: f.binary };
  if (f.platform === 'linux' && f.hasApt && f.isRoot) return { use: 'install', command: ['apt-get', 'install', '-y', 'nats-server'] };
  return { use: 'none', why: `nats-server is not installed. Install it, then run npm start again:\n  ${natsInstallHint(f)}` };
}

/** The command that installs nats-server on this platform. */
function natsInstallHint({ platform, hasApt }) {
  if (platform === 'darwin') return 'brew install nats-server';
  if (platform === 'linux' && hasApt) return 'sudo apt-get install -y nats-server';
  return 'go install github.com/nats-io/nats-server/v2@latest   (or a binary from https://github.com/nats-io/nats-server/releases, on the PATH)';
}

module.exports = { choosePostgres, chooseNats, natsInstallHint, POSTGRES_MODES };
