'use strict';
const { parseJson } = require('./json-line.cjs');
// The cheating node of the `npm start` demo: a lazy adversary (test/adversaries/main.ts, a program
// of its own speaking the wire protocol, not node-runner) that commits and reveals random outputs
// of the right shape. It is staked like the demo nodes; the demo prints when the network catches
// it and the slash transaction that took part of its stake (read from the chain itself).
const { sleep } = require('./infra.cjs');
const { api } = require('./demo-api.cjs');

const ADVERSARY = 'test/adversaries/main.ts';
const NODE_RUNNER = 'apps/node-runner/bin/node-runner.js';
const HOME = require('./corex-home.cjs').startPaths().demoCheater;
const NAME = 'demo-cheater';
const START_TIMEOUT_MS = 90_000;
const STAKE_CXT = '1000';
const SLASHED_EVENT = 'event Slashed(bytes32 indexed nodeId, uint256 amount, bytes32 evidenceHash, address treasury)';

/** Starts the cheater beside the demo nodes; resolves with { name, nodeId } once it registered. */
function startCheater(supervisor, env) {
  const args = ['-r', '@swc-node/register', ADVERSARY, '--kind', 'lazy', '--home', HOME, '--name', NAME];
  console.log(`[demo] $ node ${args.join(' ')}   (a cheating node: random outputs of the right shape)`);
  const cheater = { name: NAME, nodeId: undefined, cheated: 0 };
  return new Promise((resolve, reject) => {
    const child = supervisor.spawn(NAME, process.execPath, args, env, {
      critical: false,
      stopFirst: true,
      format: (line) => formatCheaterLine(line, cheater),
      onLine: (line) => {
        const e = parseJson(line);
        if (e?.event === 'registered' && !cheater.nodeId) resolve(Object.assign(cheater, { nodeId: e.nodeId }));
      },
    });
    child.exited.then(() => reject(new Error(`${NAME} exited before it registered`)));
    sleep(START_TIMEOUT_MS).then(() => reject(new Error(`${NAME} did not register within ${START_TIMEOUT_MS / 1000} s`)));
  });
}

function formatCheaterLine(line, cheater) {
  const e = parseJson(line);
  if (!e) return line;
  if (e.event === 'registered') return `registered ${e.nodeId} claiming ${e.claimedGflops} GFLOP/s`;
  if (e.event === 'cheated') return ++cheater.cheated <= 3 ? `sent random outputs for fragment ${String(e.fragmentId).slice(0, 8)}… (reveal: ${e.reveal?.ok ? 'accepted' : e.reveal?.code ?? 'none'})` : null;
  if (e.event === 'refused' && e.code) return `work refused: ${e.code}`;
  if (e.event === 'fatal' || e.event === 'error') return `${e.event}: ${e.message}`;
  return null;
}

/**
 * Stakes the cheater before it joins, with the real CLI (`node-runner stake`), so that its first
 * fraud has stake to slash. Its identity is created here first, as node-runner keeps one
 * (`<home>/identity.nk`, an nkey user seed, mode 0600), new on every run: a cheater caught in an
 * earlier run of `npm start` (whose chain and log are kept) may be evicted already.
 */
function stakeCheater(env, staker) {
  const fs = require('node:fs');
  const path = require('node:path');
  fs.mkdirSync(HOME, { recursive: true, mode: 0o700 });
  const file = path.join(HOME, 'identity.nk');
  fs.writeFileSync(file, `${new TextDecoder().decode(require('@nats-io/nkeys').createUser().getSeed())}\n`, { mode: 0o600 });
  const staked = require('node:child_process').spawnSync(process.execPath, [NODE_RUNNER, 'stake', STAKE_CXT, '--home', HOME], { env: { ...env, ...staker }, encoding: 'utf8' });
  console.log(`[demo] ${NAME} ${staked.status === 0 ? staked.stdout.trim() : `not staked (${(staked.stderr || staked.stdout || '').trim().split('\n').pop()})`}`);
}

/**
 * With a chain: stakes and starts the cheater; returns a promise that settles once its catch and
 * slash are printed (or it gave up waiting). Never throws: the demo goes on without a cheater.
 */
async function runCheater({ supervisor, env, staker, baseUrl, apiKey }) {
  try {
    stakeCheater(env, staker);
    const cheater = await startCheater(supervisor, env);
    return reportCheaterCaught({ baseUrl, apiKey, cheater, env });
  } catch (err) {
    console.error(`[demo] no cheating node: ${err.message}`);
  }
}

/**
 * Waits (up to `timeoutMs`) for the chain's StakingPool.Slashed of the cheater and prints it with
 * its transaction hash, the evidence hash, the stake left and, from GET /v1/nodes/{id}, the fraud's
 * kind and the node's tier and status.
 */
async function reportCheaterCaught({ baseUrl, apiKey, cheater, env, timeoutMs = 180_000 }) {
  const { Contract, JsonRpcProvider, formatEther, id } = require('ethers');
  const deployment = JSON.parse(require('node:fs').readFileSync(env.COREX_DEPLOYMENT_FILE, 'utf8'));
  const provider = new JsonRpcProvider(env.COREX_RPC_URL || deployment.rpcUrl, deployment.chainId, { staticNetwork: true });
  const pool = new Contract(deployment.contracts.stakingPool, [SLASHED_EVENT, 'function stakeOf(bytes32) view returns (uint256)'], provider);
  const nodeKey = id(cheater.nodeId);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const logs = await pool.queryFilter(pool.filters.Slashed(nodeKey), deployment.deployedAtBlock ?? 0).catch(() => []);
      if (logs.length > 0) {
        const view = await api(baseUrl, 'GET', `/v1/nodes/${cheater.nodeId}`, apiKey).catch(() => null);
        const fraud = view?.violations?.find((v) => v.evidenceHash === logs[0].args.evidenceHash) ?? view?.violations?.[0];
        console.log(
          `[demo] CAUGHT ${cheater.name} (${cheater.nodeId}): ${fraud ? `${fraud.kind} on fragment ${fraud.fragmentId ?? '-'}` : 'fraud'} (evidence ${logs[0].args.evidenceHash})`,
        );
        console.log(
          `[demo] SLASHED ${cheater.name}: ${formatEther(logs[0].args.amount)} CXT in tx ${logs[0].transactionHash}` +
            `${logs.length > 1 ? ` (and ${logs.length - 1} more slash(es) for its further frauds)` : ''}; stake left ${formatEther(await pool.stakeOf(nodeKey))} of ${STAKE_CXT} CXT` +
            `${view?.tier ? `; tier ${view.tier}` : ''}${view?.status ? `, ${view.status}` : ''}`,
        );
        return true;
      }
      if (Date.now() > deadline) return void console.error(`[demo] ${cheater.name} was not slashed within ${timeoutMs / 1000} s (sent ${cheater.cheated} cheating results)`);
      await sleep(1000);
    }
  } finally {
    provider.destroy();
  }
}

module.exports = { runCheater };
