'use strict';
// The bridge's local processes for `npm start`: the devnet guardian (libs/wormhole) that follows
// every local chain's Wormhole core and serves signed VAAs like Wormhole's guardian API.
// Plain CommonJS, no dependencies at load time.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const GUARDIAN_BIN = path.join(ROOT, 'libs/wormhole/bin/devnet-guardian.js');

/** Where npm start's devnet guardian answers, or undefined when its code is not in this checkout. */
function localGuardianUrl(port = Number(process.env.COREX_GUARDIAN_PORT || 7071)) {
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

module.exports = { localGuardianUrl, guardianCommand };
