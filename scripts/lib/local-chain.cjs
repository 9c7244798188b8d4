'use strict';
// The chains for `npm start`: COREX_RPC_URL (and COREX_CHAINS / COREX_RPC_URL_<NAME>) when set, else
// three anvils from node_modules with real chain ids: home "ethereum" (1), "bsc" (56) and
// "arbitrum" (42161), each on its own port with its state in <dir>/anvil/<name> (a restart of
// `npm start` keeps the chains and the contracts), and the Solana devnet (state in <dir>/solana).
// Then scripts/deploy-chain.ts deploys, or reuses the deployment in <dir>/deployment.json: Corex
// on home, the Wormhole core and the bridge contracts on every chain, CXT mint and escrow on Solana.
// <dir>: npm start's directory, COREX_HOME_DIR (default .corex; corex-home.cjs).
// Plain CommonJS, no dependencies at load time.
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { probeTcp, waitFor } = require('./infra.cjs');
const { startPaths } = require('./corex-home.cjs');
const { startPorts } = require('./start-ports.cjs');
const { localGuardianUrl, guardianCommand, startSolanaDevnet } = require('./bridge-processes.cjs');

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

/** npm start's chains (libs/chain chains-config.ts KNOWN_CHAINS): home first; `env` names the RPC URL variable. */
const LOCAL_CHAINS = [
  { name: 'ethereum', evmChainId: 1, env: 'COREX_RPC_URL' },
  { name: 'bsc', evmChainId: 56, env: 'COREX_RPC_URL_BSC' },
  { name: 'arbitrum', evmChainId: 42161, env: 'COREX_RPC_URL_ARBITRUM' },
];

async function chainIdAt(rpcUrl) {
  try {
    const res = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }) });
    const body = await res.json();
    return body.result ? Number(BigInt(body.result)) : null;
  } catch {
    return null;
  }
}

/** One anvil on `port` with its state in `stateDir`; an anvil of the same chain id already there is used (and not stopped by us). */
async function startAnvil({ name, evmChainId, port, stateDir }) {
  const rpcUrl = `http://127.0.0.1:${port}`;
  if (await probeTcp('127.0.0.1', port)) {
    const id = await chainIdAt(rpcUrl);
    if (id !== evmChainId) throw new Error(`port ${port} is in use by something that is not a local ${name} chain (${evmChainId}): stop it or choose another port (COREX_ANVIL_PORT, COREX_ANVIL_PORT_${name.toUpperCase()})`);
    console.log(`[start] a local ${name} chain (${evmChainId}) already answers at ${rpcUrl}: using it`);
    return { name, evmChainId, rpcUrl, anvil: undefined };
  }
  if (!fs.existsSync(ANVIL_BIN)) throw new Error(`${ANVIL_BIN} is missing (npm package @foundry-rs/anvil): run npm ci, or set COREX_RPC_URL`);
  fs.mkdirSync(stateDir, { recursive: true });
  // Blocks every second besides one per transaction: confirmation depths and epochs advance with no traffic.
  const args = ['--port', String(port), '--chain-id', String(evmChainId), '--state', path.join(stateDir, 'state.json'), '--state-interval', '10', '--block-time', '1', '--mixed-mining', '--silent'];
  console.log(`[start] starting the local ${name} chain: anvil ${args.join(' ')}`);
  const child = spawn(ANVIL_BIN, args, { stdio: ['ignore', 'ignore', fs.openSync(path.join(stateDir, 'anvil.log'), 'a')], detached: true });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const answered = await Promise.race([waitFor(async () => (await chainIdAt(rpcUrl)) === evmChainId, 30_000), exited.then(() => false)]);
  if (!answered) {
    child.kill('SIGKILL');
    throw new Error(`anvil (${name}) did not start on port ${port}; see ${path.join(stateDir, 'anvil.log')}`);
  }
  return { name, evmChainId, rpcUrl, anvil: { child, exited, port } };
}

/** Ports of the local chains: home on `port`, the others from `ports` or COREX_ANVIL_PORT_<NAME>, else the next ones (start-ports.cjs). */
function portsOf(port, ports) {
  const defaults = startPorts({ ...process.env, COREX_ANVIL_PORT: String(port) }).anvil;
  return LOCAL_CHAINS.map((c, i) => (i === 0 ? port : (ports[c.name] ?? defaults[c.name])));
}

/**
 * Starts (or reuses) the chains and the deployment. Resolves with the env the services get
 * (COREX_DEPLOYMENT_FILE, COREX_RPC_URL, COREX_RPC_URL_<NAME> of the local remote chains, and
 * COREX_CHAIN_LOCAL=1 on the local chains, where libs/chain takes the dev mnemonic's keys), the
 * chains and their anvil children, if any (`anvil`: the home chain's, as before), the Solana
 * devnet (`solana`), and the devnet guardian's command (`guardian`) for the caller to run.
 */
async function startChain({ port, ports = {}, stateDir = startPaths().anvil, deploymentFile = startPaths().deploymentFile }) {
  const local = !process.env.COREX_RPC_URL;
  let chains = [];
  if (local) {
    const chosen = portsOf(port, ports);
    try {
      for (const [i, c] of LOCAL_CHAINS.entries()) chains.push(await startAnvil({ ...c, port: chosen[i], stateDir: path.join(stateDir, c.name) }));
    } catch (err) {
      await stopProcesses(chains.map((c) => c.anvil));
      throw err;
    }
  } else {
    chains = [{ name: LOCAL_CHAINS[0].name, rpcUrl: process.env.COREX_RPC_URL, anvil: undefined }];
  }
  const rpcEnv = local ? Object.fromEntries(LOCAL_CHAINS.map((c, i) => [c.env, chains[i].rpcUrl])) : { COREX_RPC_URL: chains[0].rpcUrl };
  // The devnet guardian's API is recorded in the deployment file; start.cjs runs the guardian once the cores exist.
  const guardianUrl = local && !process.env.COREX_GUARDIAN_API_URL ? localGuardianUrl() : undefined;
  // The Solana devnet runs before the deploy script, which makes the CXT mint and escrow there.
  let solana;
  if (local && !process.env.COREX_SOLANA_RPC_URL) {
    const solanaPort = ports.solana ?? startPorts().solana;
    if (await probeTcp('127.0.0.1', solanaPort)) {
      await stopProcesses(chains.map((c) => c.anvil));
      throw new Error(`port ${solanaPort} is already in use: stop what listens there or set COREX_SOLANA_PORT`);
    }
    solana = await startSolanaDevnet({ port: solanaPort, stateDir: solanaDirOf(stateDir) }).catch(async (err) => {
      await stopProcesses(chains.map((c) => c.anvil));
      throw err;
    });
  }
  const solanaEnv = solana ? { COREX_SOLANA_RPC_URL: solana.url, COREX_SOLANA_AUTHORITY_FILE: startPaths({ ...process.env, COREX_DEPLOYMENT_FILE: deploymentFile }).solanaAuthorityFile } : {};
  const serviceEnv = {
    ...rpcEnv,
    COREX_DEPLOYMENT_FILE: deploymentFile,
    ...(local ? { COREX_CHAIN_LOCAL: '1' } : {}),
    ...(guardianUrl ? { COREX_GUARDIAN_API_URL: guardianUrl } : {}),
    // The staking service binds a node routed to another chain to the bridge, which forwards its rewards.
    ...(local ? { COREX_BRIDGE_PAYOUT_ADDRESS: localBridgeAddress() } : {}),
    ...solanaEnv,
  };
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', path.join(ROOT, 'scripts/deploy-chain.ts')], { stdio: 'inherit', env: { ...process.env, ...serviceEnv }, cwd: ROOT });
  if (result.status !== 0) {
    await stopProcesses([...chains.map((c) => c.anvil), solana]);
    throw new Error(`deploying the contracts to ${chains.map((c) => c.rpcUrl).join(', ')} failed (see above)`);
  }
  const home = chains[0];
  const guardian = guardianUrl ? guardianCommand(deploymentFile, guardianUrl) : undefined;
  return { rpcUrl: home.rpcUrl, local, anvil: home.anvil, chains, solana, stateDir, env: serviceEnv, guardian };
}

/** The Solana devnet's state beside the chains' (corex-home.cjs). */
const solanaDirOf = (stateDir) => startPaths({ ...process.env, COREX_ANVIL_STATE_DIR: stateDir }).solana;

/** The bridge's dev account on npm start's chains (LOCAL_ACCOUNTS.bridge in libs/chain). */
function localBridgeAddress() {
  const { HDNodeWallet, Mnemonic } = require('ethers');
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase('test test test test test test test test test test test junk'), "m/44'/60'/0'/0/3").address;
}

/** SIGTERM lets anvil (and the Solana devnet) write its state before it exits. */
async function stopProcesses(processes) {
  await Promise.all(
    processes.map(async (p) => {
      if (!p || p.child.exitCode !== null) return;
      p.child.kill('SIGTERM');
      await p.exited;
      await waitFor(async () => !(await probeTcp('127.0.0.1', p.port)), 10_000);
    }),
  );
}

/** Stops the local chains and the Solana devnet this module started. */
async function stopChain(chain) {
  const running = [...(chain?.chains ?? []).map((c) => c.anvil), chain?.solana].filter((p) => p && p.child.exitCode === null);
  if (running.length === 0) return;
  const solanaDir = chain.solana ? ` and ${solanaDirOf(chain.stateDir)}` : '';
  console.log(`[start] stopping the local chains (their state stays in ${chain.stateDir}${solanaDir})`);
  await stopProcesses(running);
}

module.exports = { startChain, stopChain, LOCAL_CHAINS };
