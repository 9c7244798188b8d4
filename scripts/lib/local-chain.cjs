'use strict';
// The home chain for `npm start`: COREX_RPC_URL when set, else anvil from node_modules on its own
// port with its state in .corex/anvil (a restart of `npm start` keeps the chain and the contracts).
// Then scripts/deploy-chain.ts deploys, or reuses the deployment in .corex/deployment.json.
// Plain CommonJS, no dependencies at load time.
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { probeTcp, waitFor } = require('./infra.cjs');

const ROOT = path.resolve(__dirname, '../..');
/**
 * The platform package's binary itself when present: npm's wrapper (node_modules/.bin/anvil)
 * forwards SIGTERM and exits at once, while anvil is still writing its state; waiting on the
 * binary's own exit means the state file is complete.
 */
const ANVIL_BIN = (() => {
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch];
  const native = path.join(ROOT, `node_modules/@foundry-rs/anvil-${process.platform}-${arch}/bin/anvil${process.platform === 'win32' ? '.exe' : ''}`);
  return fs.existsSync(native) ? native : path.join(ROOT, 'node_modules/.bin/anvil');
})();
const LOCAL_CHAIN_ID = 31337;

async function chainIdAt(rpcUrl) {
  try {
    const res = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }) });
    const body = await res.json();
    return body.result ? Number(BigInt(body.result)) : null;
  } catch {
    return null;
  }
}

/**
 * Starts (or reuses) the chain and the deployment. Resolves with the env the services get
 * (COREX_DEPLOYMENT_FILE, COREX_RPC_URL, and COREX_CHAIN_LOCAL=1 on the local chain, where
 * libs/chain chainKey takes the dev mnemonic's keys) and the anvil child, if any.
 */
async function startChain({ port, stateDir = path.resolve(process.env.COREX_ANVIL_STATE_DIR || '.corex/anvil'), deploymentFile = path.resolve(process.env.COREX_DEPLOYMENT_FILE || '.corex/deployment.json') }) {
  const STATE_DIR = stateDir;
  const DEPLOYMENT_FILE = deploymentFile;
  let anvil;
  let rpcUrl = process.env.COREX_RPC_URL;
  const local = !rpcUrl;
  if (local) {
    rpcUrl = `http://127.0.0.1:${port}`;
    if (await probeTcp('127.0.0.1', port)) {
      const id = await chainIdAt(rpcUrl);
      if (id !== LOCAL_CHAIN_ID) throw new Error(`port ${port} is in use by something that is not a local chain ${LOCAL_CHAIN_ID}: stop it or set COREX_ANVIL_PORT`);
      console.log(`[start] a local chain already answers at ${rpcUrl}: using it`);
    } else {
      if (!fs.existsSync(ANVIL_BIN)) throw new Error(`${ANVIL_BIN} is missing (npm package @foundry-rs/anvil): run npm ci, or set COREX_RPC_URL`);
      fs.mkdirSync(STATE_DIR, { recursive: true });
      const state = path.join(STATE_DIR, 'state.json');
      // Blocks every second besides one per transaction: confirmation depths and epochs advance with no traffic.
      const args = ['--port', String(port), '--chain-id', String(LOCAL_CHAIN_ID), '--state', state, '--state-interval', '10', '--block-time', '1', '--mixed-mining', '--silent'];
      console.log(`[start] starting the local chain: anvil ${args.join(' ')}`);
      const child = spawn(ANVIL_BIN, args, { stdio: ['ignore', 'ignore', fs.openSync(path.join(STATE_DIR, 'anvil.log'), 'a')], detached: true });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const answered = await Promise.race([waitFor(async () => (await chainIdAt(rpcUrl)) === LOCAL_CHAIN_ID, 30_000), exited.then(() => false)]);
      if (!answered) {
        child.kill('SIGKILL');
        throw new Error(`anvil did not start on port ${port}; see ${path.join(STATE_DIR, 'anvil.log')}`);
      }
      anvil = { child, exited, port };
    }
  }
  const env = { ...process.env, COREX_RPC_URL: rpcUrl, COREX_DEPLOYMENT_FILE: DEPLOYMENT_FILE, ...(local ? { COREX_CHAIN_LOCAL: '1' } : {}) };
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', path.join(ROOT, 'scripts/deploy-chain.ts')], { stdio: 'inherit', env, cwd: ROOT });
  if (result.status !== 0) {
    if (anvil) anvil.child.kill('SIGTERM');
    throw new Error(`deploying the contracts to ${rpcUrl} failed (see above)`);
  }
  const serviceEnv = { COREX_RPC_URL: rpcUrl, COREX_DEPLOYMENT_FILE: DEPLOYMENT_FILE, ...(local ? { COREX_CHAIN_LOCAL: '1' } : {}) };
  return { rpcUrl, local, anvil, stateDir: STATE_DIR, env: serviceEnv };
}

/** SIGTERM lets anvil write its state before it exits. */
async function stopChain(chain) {
  if (!chain?.anvil || chain.anvil.child.exitCode !== null) return;
  console.log(`[start] stopping the local chain (its state stays in ${chain.stateDir})`);
  chain.anvil.child.kill('SIGTERM');
  await chain.anvil.exited;
  await waitFor(async () => !(await probeTcp('127.0.0.1', chain.anvil.port)), 10_000);
}

module.exports = { startChain, stopChain };
