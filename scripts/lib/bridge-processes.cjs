'use strict';
// The bridge's local processes for `npm start`: the devnet guardian (libs/wormhole) that follows
// every local chain's Wormhole core and serves signed VAAs like Wormhole's guardian API, and the
// Solana devnet (libs/solana-devnet, LiteSVM behind Solana's JSON-RPC).
// Plain CommonJS, no dependencies at load time.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const { spawn } = require('node:child_process');
const { probeTcp } = require('./infra.cjs');
const { waitReady, httpOk, formatServiceLine } = require('./children.cjs');

const GUARDIAN_BIN = path.join(ROOT, 'libs/wormhole/bin/devnet-guardian.js');
const SOLANA_BIN = path.join(ROOT, 'libs/solana-devnet/bin/solana-devnet.js');

/** Where npm start's devnet guardian answers, or undefined when its code is not in this checkout. */
function localGuardianUrl(port = require('./start-ports.cjs').startPorts().guardian) {
  return fs.existsSync(GUARDIAN_BIN) ? `http://127.0.0.1:${port}` : undefined;
}

/**
 * The devnet guardian's command for the chains in the deployment file (each chain's core, from
 * its deployment block: the guardian is stateless and rescans on restart), or undefined when the
 * file records no chains.
 */
function guardianCommand(deploymentFile, guardianUrl) {
  const deployment = JSON.parse(fs.readFileSync(deploymentFile, 'utf8'));
  if (!deployment.chains?.length) return undefined;
  const chains = deployment.chains.map((c) => ({ wormholeChainId: c.wormholeChainId, rpcUrl: c.rpcUrl, coreAddress: c.contracts.wormholeCore, fromBlock: c.deployedAtBlock }));
  const url = new URL(guardianUrl);
  return {
    name: 'guardian',
    bin: GUARDIAN_BIN,
    env: { COREX_GUARDIAN_CHAINS: JSON.stringify(chains), COREX_GUARDIAN_PORT: url.port, COREX_GUARDIAN_HOST: url.hostname },
    port: Number(url.port),
    health: `${guardianUrl}/health`,
  };
}

/**
 * Starts the Solana devnet on `port` with its state in `stateDir` (kept across restarts); resolves
 * once it printed its ready line {"url"}, or undefined when its code is not in this checkout.
 */
async function startSolanaDevnet({ port, stateDir }) {
  if (!fs.existsSync(SOLANA_BIN)) return undefined;
  fs.mkdirSync(stateDir, { recursive: true });
  const args = [SOLANA_BIN, '--port', String(port), '--state-dir', stateDir];
  console.log(`[start] starting the Solana devnet: node ${path.relative(process.cwd(), SOLANA_BIN)} ${args.slice(1).join(' ')}`);
  const log = fs.openSync(path.join(stateDir, 'solana-devnet.log'), 'a');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', log], detached: true });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve) => {
    let buffered = '';
    // Read stdout to the end: an unread pipe would block the devnet once full.
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const line = buffered.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line).url);
    });
    exited.then(() => resolve(undefined));
  });
  if (!url) throw new Error(`the Solana devnet did not start on port ${port}; see ${path.join(stateDir, 'solana-devnet.log')}`);
  return { child, exited, port, url };
}

/** Runs the devnet guardian (guardianCommand) under the supervisor, like the apps; resolves with its name once /health answers. */
async function startGuardian(supervisor, g) {
  if (await probeTcp('127.0.0.1', g.port)) throw new Error(`port ${g.port} is already in use: stop what listens there or set COREX_GUARDIAN_PORT`);
  console.log(`[start] starting the devnet guardian: node ${path.relative(process.cwd(), g.bin)} (follows ${JSON.parse(g.env.COREX_GUARDIAN_CHAINS).length} chains' Wormhole cores)`);
  const child = supervisor.spawn(g.name, process.execPath, [g.bin], { ...process.env, ...g.env }, { format: formatServiceLine });
  await waitReady(supervisor, child, () => httpOk(g.health), 60_000);
  console.log(`[start] ${g.name} is ready`);
  return g.name;
}

module.exports = { localGuardianUrl, guardianCommand, startSolanaDevnet, startGuardian };
