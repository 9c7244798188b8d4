'use strict';
// The bridge part of the `npm start` demo (issue 14): one demo node routes its rewards to Arbitrum before
// the jobs (routeDemoPayout), then, after the other demos, scripts/demo-bridge.ts submits one task from
// BSC and one from Solana through @corex/sdk, prints them as read back on their chains, and waits for
// the routed node's CXT on Arbitrum. COREX_DEMO_BRIDGE=0 skips it. Never throws.
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { parseJson } = require('./json-line.cjs');
const { startPaths } = require('./corex-home.cjs');

const NODE_RUNNER = 'apps/node-runner/bin/node-runner.js';
const SCRIPT = path.resolve(__dirname, '..', 'demo-bridge.ts');
const tag = '[demo bridge]';
const skipped = () => process.env.COREX_DEMO_BRIDGE === '0';

/**
 * The demo node with the most slots (the likeliest to work) signs `payout-route --chain arbitrum` to a
 * fresh address: its rewards from here on are paid to the bridge, which forwards them to Arbitrum.
 * Returns { node, recipient }, or undefined when skipped or refused.
 */
function routeDemoPayout(nodes, env) {
  if (skipped() || nodes.length === 0) return undefined;
  const node = [...nodes].sort((a, b) => b.slots - a.slots)[0];
  const recipient = require('ethers').Wallet.createRandom().address;
  const n = Number(node.name.split('-')[1]);
  const args = [NODE_RUNNER, 'payout-route', '--chain', 'arbitrum', '--recipient', recipient, '--home', startPaths().demoNode(n)];
  console.log(`${tag} $ node ${args.join(' ')}`);
  const routed = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const output = (routed.stdout || routed.stderr || '').trim().split('\n').pop();
  if (routed.status !== 0) return void console.error(`${tag} ${node.name}'s payout route was refused: ${output}`);
  console.log(`${tag} ${node.name} routes its rewards to ${recipient} on Arbitrum: ${output}`);
  return { node, recipient };
}

/** Runs scripts/demo-bridge.ts against the running marketplace and bridge; prints its lines; never throws. */
async function runBridgeDemo({ baseUrl, env, route }) {
  if (skipped()) return void console.log(`${tag} skipped (COREX_DEMO_BRIDGE=0)`);
  const bridgeUrl = `http://127.0.0.1:${require('./start-ports.cjs').startPorts().bridge}`;
  if (!route) console.log(`${tag} no node routes its rewards to Arbitrum: that part is left out`);
  const child = spawn(process.execPath, ['-r', '@swc-node/register', SCRIPT, baseUrl, bridgeUrl, ...(route ? [route.recipient] : [])], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let summary;
  let buffered = '';
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines) {
      const json = parseJson(line);
      if (json?.event === 'demo.bridge') summary = json;
      console.log(line);
    }
  });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (buffered) console.log(buffered);
  if (code !== 0 || !summary) console.error(`${tag} ${summary ? 'ran to the end with failures (see above)' : 'did not run to the end'} (exit ${code}); the services keep running`);
  return summary;
}

module.exports = { routeDemoPayout, runBridgeDemo };
