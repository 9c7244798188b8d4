'use strict';
// Where `npm start` and its demo keep what they keep: one directory, COREX_HOME_DIR (default
// .corex in the checkout), so that a second npm start (a test's, on other ports) runs beside a
// developer's without sharing chains, node identities, NATS stores or the embedded Postgres.
// The older per-part variables still move one part elsewhere. Pure: no I/O, unit-tested.
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');

/**
 * The paths npm start uses, absolute; relative settings are relative to `root` (the checkout).
 * env: COREX_HOME_DIR, and per part COREX_POSTGRES_DIR, COREX_NATS_SERVER_DIR, COREX_NATS_AUTH_DIR,
 * COREX_ANVIL_STATE_DIR, COREX_DEPLOYMENT_FILE, COREX_SOLANA_AUTHORITY_FILE.
 */
function startPaths(env = process.env, root = ROOT) {
  const home = path.resolve(root, env.COREX_HOME_DIR || '.corex');
  const part = (setting, name) => (setting ? path.resolve(root, setting) : path.join(home, name));
  const anvil = part(env.COREX_ANVIL_STATE_DIR, 'anvil');
  const deploymentFile = part(env.COREX_DEPLOYMENT_FILE, 'deployment.json');
  return {
    home,
    postgres: part(env.COREX_POSTGRES_DIR, 'postgres'),
    natsServer: part(env.COREX_NATS_SERVER_DIR, 'nats-server'),
    natsAuth: part(env.COREX_NATS_AUTH_DIR, 'nats'),
    natsStore: path.join(home, 'nats-store'),
    anvil,
    // Beside the chains' and the deployment's, as before the home directory existed.
    solana: path.join(path.dirname(anvil), 'solana'),
    deploymentFile,
    solanaAuthorityFile: env.COREX_SOLANA_AUTHORITY_FILE ? path.resolve(root, env.COREX_SOLANA_AUTHORITY_FILE) : path.join(path.dirname(deploymentFile), 'solana-authority.json'),
    demoFederation: path.join(home, 'demo-federation'),
    demoCheater: path.join(home, 'demo-cheater'),
    demoByzantine: path.join(home, 'demo-byzantine'),
    /** The home of demo node n (demo-<n>). */
    demoNode: (n) => path.join(home, `demo-node-${n}`),
  };
}

module.exports = { startPaths };
