'use strict';
const { parseJson } = require('./json-line.cjs');
// The `npm start` demo: an account, three long-running nodes (children of `npm start`), one job
// of each type followed to its result over REST, then a per-node tally of the work.
const fs = require('node:fs');
const { sleep } = require('./infra.cjs');
const { api, CorexProblemError } = require('./demo-api.cjs');
const { demoNode } = require('./corex-home.cjs').startPaths();

const NODE_RUNNER = 'apps/node-runner/bin/node-runner.js';
/** anvil's public dev mnemonic: its keys only ever hold value on the local chain. */
const DEV_MNEMONIC = 'test test test test test test test test test test test junk';
const GiB = 1024 ** 3;
/** The demo nodes: different declared capacities, so the scheduler has something to choose from. */
const DEMO_NODES = [
  { n: 1, slots: 1, memory: 2 * GiB },
  { n: 2, slots: 1, memory: 8 * GiB },
  { n: 3, slots: 2, memory: 16 * GiB },
];
const NODE_START_TIMEOUT_MS = 90_000;
const JOB_TIMEOUT_MS = 120_000;
const POLL_MS = 500;

const DEMO_JOBS = [
  { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', params: { batchRows: 64 } },
  { type: 'feature-extraction', model: 'penguins-mlp', dataset: 'penguins', params: {} },
  { type: 'preprocessing', model: 'standardizer', dataset: 'seattle-weather', params: { sliceRows: 256 } },
  { type: 'training', model: 'penguins-mlp', dataset: 'penguins', params: { epochs: 30, shards: 3 } },
];

const short = (id) => String(id ?? '').slice(0, 8);
const fixed = (x, digits = 3) => (typeof x === 'number' ? x.toFixed(digits) : '?');

// ---------------------------------------------------------------------------------------------
// Nodes

/**
 * What a node-runner line shows on the console: "node" events (started, stopping), failed or
 * refused fragments, warnings and errors, non-JSON output; one line per finished fragment except
 * training gradients (90 of them: the job's progress lines show those). Everything else: nothing.
 */
function formatNodeLine(line, tally) {
  const e = parseJson(line);
  if (!e) return line;
  switch (e.event) {
    case 'node':
      return `${e.msg}${e.nodeId ? `: node ${e.nodeId}` : ''}${e.slots ? `, ${e.slots} slot(s)` : ''}${e.executionProvider ? `, ${e.executionProvider}` : ''}`;
    case 'node.stopped':
      return `node stopped: ${e.totals?.completed ?? 0} fragments completed, ${e.totals?.rows ?? 0} rows`;
    case 'fragment.finished':
      tally.fragments++;
      tally.rows += e.rowsProcessed ?? 0;
      return e.kind === 'gradient' ? null : `${e.kind} fragment ${short(e.fragmentId)} of job ${short(e.jobId)}: ${e.rowsProcessed} rows in ${Math.round(e.durationMs)} ms`;
    case 'fragment.failed':
    case 'fragment.refused':
      return `${e.kind} fragment ${short(e.fragmentId)} of job ${short(e.jobId)} ${e.event.slice('fragment.'.length)}: ${e.code} ${e.error ?? ''}`;
    default:
      if (e.event) return null; // fragment.started, fragment.submitting, fragment.released
      return typeof e.level === 'number' && e.level >= 40 ? `${e.level >= 50 ? 'ERROR' : 'WARN'} ${e.msg ?? line}${e.err?.message ? `: ${e.err.message}` : ''}` : null;
  }
}

/** Starts one long-running node-runner child; resolves its node id once it logged "node started". */
function startNode(supervisor, env, { n, slots, memory }) {
  const name = `demo-${n}`;
  const args = [NODE_RUNNER, 'start', '--json', '--home', demoNode(n), '--name', name, '--slots', String(slots), '--memory', String(memory)];
  console.log(`[demo] $ node ${args.join(' ')}`);
  const node = { name, slots, memory, nodeId: undefined, tally: { fragments: 0, rows: 0 } };
  return new Promise((resolve, reject) => {
    const child = supervisor.spawn(name, process.execPath, args, env, {
      critical: false,
      stopFirst: true,
      format: (line) => formatNodeLine(line, node.tally),
      onLine: (line) => {
        const e = parseJson(line);
        if (e?.event === 'node' && e.nodeId && !node.nodeId) {
          node.nodeId = e.nodeId;
          resolve(node);
        }
      },
    });
    child.exited.then(() => reject(new Error(`${name} exited before it started working`)));
    sleep(NODE_START_TIMEOUT_MS).then(() => reject(new Error(`${name} did not start within ${NODE_START_TIMEOUT_MS / 1000} s`)));
  });
}

/** Starts the demo nodes in parallel; returns those that started (a node that fails does not stop the demo). */
async function startNodes(supervisor, env) {
  if (!fs.existsSync(NODE_RUNNER)) {
    console.log(`[demo] ${NODE_RUNNER} does not exist yet: no node runs`);
    return [];
  }
  const nodeEnv = { ...env, COREX_SHUTDOWN_GRACE_MS: env.COREX_SHUTDOWN_GRACE_MS ?? '5000' };
  const settled = await Promise.allSettled(DEMO_NODES.map((spec) => startNode(supervisor, nodeEnv, spec)));
  const nodes = [];
  for (const s of settled) {
    if (s.status === 'fulfilled') nodes.push(s.value);
    else console.error(`[demo] ${s.reason.message}`);
  }
  for (const node of nodes) console.log(`[demo] node ${node.name} works: ${node.nodeId}  (${node.slots} slot(s), ${node.memory / GiB} GiB)`);
  return nodes;
}

// ---------------------------------------------------------------------------------------------
// Jobs

function progressLine(job) {
  const p = job.progress ?? {};
  const parts = [job.status.padEnd(9), `fragments ${p.fragments?.completed ?? 0}/${p.fragments?.planned ?? 0}`, `rows ${p.rows?.processed ?? 0}/${p.rows?.total ?? 0}`];
  if (p.fragments?.failed) parts.push(`failed ${p.fragments.failed}`);
  const last = job.latestStep;
  if (last) parts.push(`step ${last.step + 1}/${p.totalSteps || '?'} loss ${fixed(last.loss, 4)} accuracy ${fixed(last.accuracy)}`);
  return parts.join('  ');
}

function summarize(type, doc, job) {
  switch (doc?.kind) {
    case 'predictions': {
      const first = doc.predictions?.[0];
      const p = first ? Math.max(...(first.probabilities ?? [])) : undefined;
      return `inference finished: ${doc.predictions?.length ?? 0} predictions, first one (row ${first?.row}) is class ${first?.class}${p !== undefined ? ` (p ${fixed(p)})` : ''}`;
    }
    case 'embeddings':
      return `feature extraction finished: ${doc.embeddings?.length ?? 0} rows of ${doc.dims}-dim embeddings`;
    case 'preprocessed-data': {
      const rows = (doc.shards ?? []).reduce((sum, s) => sum + (s.rowRange[1] - s.rowRange[0]), 0);
      return `preprocessing finished: ${doc.shards?.length ?? 0} shards (${doc.operation}, ${rows} rows)`;
    }
    case 'model': {
      const steps = Array.isArray(doc.steps) ? doc.steps.length : typeof doc.steps === 'number' ? doc.steps : (job.latestStep ? job.latestStep.step + 1 : '?');
      return `training finished: held-out accuracy ${fixed(doc.accuracy)} after ${steps} steps, loss ${fixed(doc.loss, 4)}, weights ${short(doc.weightsHash)}`;
    }
    default:
      return `${type} finished: result ${JSON.stringify(doc).slice(0, 120)}`;
  }
}

/** Submits one job and follows it by polling GET /v1/jobs/:id; never throws (one job's trouble does not stop the others). */
async function runJob(baseUrl, apiKey, spec) {
  const label = `[job ${spec.type}]`;
  let job;
  try {
    job = await api(baseUrl, 'POST', '/v1/jobs', apiKey, { ...spec, budget: '5', priority: 'normal' });
  } catch (err) {
    console.error(`${label} could not be submitted: ${err.message}`);
    return { spec, ok: false };
  }
  console.log(`${label} ${job.id} submitted: ${spec.model} on ${spec.dataset}${Object.keys(spec.params).length ? ` ${JSON.stringify(spec.params)}` : ''}`);
  const started = Date.now();
  let shown = '';
  while (Date.now() - started < JOB_TIMEOUT_MS) {
    await sleep(POLL_MS);
    let view;
    try {
      view = await api(baseUrl, 'GET', `/v1/jobs/${job.id}`, apiKey);
    } catch (err) {
      if (err instanceof CorexProblemError && err.status === 404) continue; // the read model has not caught up yet
      console.error(`${label} ${err.message}`);
      continue;
    }
    const line = progressLine(view);
    if (line !== shown) console.log(`${label} ${(shown = line)}`);
    if (view.status === 'completed') {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      try {
        const doc = await api(baseUrl, 'GET', `/v1/jobs/${job.id}/result`, apiKey);
        console.log(`${label} ${summarize(spec.type, doc, view)}  (${seconds} s)`);
        return { spec, ok: true, doc };
      } catch (err) {
        console.error(`${label} completed, but its result could not be read: ${err.message}`);
        return { spec, ok: false };
      }
    }
    if (view.status === 'failed' || view.status === 'cancelled') {
      console.error(`${label} ${view.status}${view.failure ? `: ${view.failure.code} ${view.failure.reason}` : ''}`);
      return { spec, ok: false };
    }
  }
  console.error(`${label} ${job.id} did not finish within ${JOB_TIMEOUT_MS / 1000} s (last seen: ${shown || 'no view yet'}); it may still finish: GET ${baseUrl}/v1/jobs/${job.id}`);
  return { spec, ok: false };
}

/**
 * Runs the demo flow against a ready marketplace and scheduler. Puts the account's api key and
 * the started nodes in `state` (for the "where to look" lines).
 */
async function runDemo({ baseUrl, adminToken, env, supervisor, state }) {
  const account = await api(baseUrl, 'POST', '/v1/accounts', adminToken, { name: 'demo' });
  console.log(`[demo] account ${account.id} created`);
  const apiKey = (state.apiKey = account.apiKey);
  if (env.COREX_DEPLOYMENT_FILE) await fundDemoAccount(baseUrl, apiKey, account.id, env);

  const nodes = (state.nodes = await startNodes(supervisor, env));
  if (nodes.length === 0) return void console.error('[demo] no node is working: jobs would wait forever, none submitted');
  if (env.COREX_DEPLOYMENT_FILE) bindDemoPayouts(nodes, env);
  // Issue 14: one node's rewards routed to Arbitrum before the jobs, so this run's rewards go there (demo-bridge.cjs).
  if (env.COREX_DEPLOYMENT_FILE) state.payoutRoute = require('./demo-bridge.cjs').routeDemoPayout(nodes, env);
  if (env.COREX_DEPLOYMENT_FILE) stakeDemoNodes(nodes, env);
  // One cheating node beside them (COREX_DEMO_CHEATER=0: none); its catch and slash print as they happen.
  const staker = stakerEnv(env);
  const cheater = env.COREX_DEPLOYMENT_FILE && staker && process.env.COREX_DEMO_CHEATER !== '0' ? require('./demo-cheater.cjs').runCheater({ supervisor, env, staker, baseUrl, apiKey }) : undefined;

  const results = [];
  for (const spec of DEMO_JOBS) results.push(await runJob(baseUrl, apiKey, spec));
  const done = results.filter((r) => r.ok).length;
  console.log(`[demo] ${done} of ${results.length} jobs completed; work per node: ${nodes.map((n) => `${n.name} ${n.tally.fragments} fragments`).join(', ')}`);
  await cheater;
  // Issue 13: one Byzantine node, mean vs robust rule; one federated round; registered versions on-chain (COREX_DEMO_TRAINING=0: none).
  await require('./demo-training.cjs').runTrainingDemo({ api, baseUrl, apiKey, supervisor, env, staker: env.COREX_DEPLOYMENT_FILE ? staker : null, nodes });
  if (env.COREX_DEPLOYMENT_FILE) await showPayments(baseUrl, apiKey, nodes, env);
}

/**
 * With a chain, each demo node binds a payout address (`node-runner bind-payout`: the node signs,
 * the staking service sends the binding), dev accounts 5.. of the local mnemonic.
 */
function bindDemoPayouts(nodes, env) {
  const { HDNodeWallet } = require('ethers');
  const phrase = DEV_MNEMONIC;
  for (const node of nodes) {
    const n = Number(node.name.split('-')[1]);
    node.payout = HDNodeWallet.fromPhrase(phrase, undefined, `m/44'/60'/0'/0/${4 + n}`).address;
    const bound = require('node:child_process').spawnSync(process.execPath, [NODE_RUNNER, 'bind-payout', node.payout, '--home', demoNode(n)], { env, encoding: 'utf8' });
    console.log(`[demo] ${node.name} payout ${node.payout}: ${bound.status === 0 ? 'bound' : `not bound (${(bound.stderr || bound.stdout || '').trim().split('\n').pop()})`}`);
  }
}

/**
 * With a chain, the demo nodes get different stakes (scripts/stake-demo.ts: demo-1 none, demo-2
 * minStake, demo-3 a quarter of the way to maxBoostStake), staked with the real CLI
 * (`node-runner stake`) from the operator wallet COREX_STAKER_KEY(_FILE), on the local chain the
 * deployer's dev key (it holds the CXT supply). A node that holds stake already (a restart of
 * `npm start` keeps the chain) is not staked again.
 */
function stakeDemoNodes(nodes, env) {
  const { spawnSync } = require('node:child_process');
  const staker = stakerEnv(env);
  if (!staker) return void console.log('[demo] the demo nodes are not staked: set COREX_STAKER_KEY(_FILE) to an operator wallet holding CXT');
  const numbered = nodes.map((node) => ({ node, n: Number(node.name.split('-')[1]) }));
  const script = require('node:path').resolve(__dirname, '..', 'stake-demo.ts');
  const planned = spawnSync(process.execPath, ['-r', '@swc-node/register', script, ...numbered.map(({ n, node }) => `${n}=${node.nodeId}`)], { env, encoding: 'utf8' });
  if (planned.status !== 0) return void console.error(`[demo] the demo nodes are not staked: ${(planned.stderr || planned.stdout || '').trim().split('\n').pop()}`);
  const plan = JSON.parse(planned.stdout.trim().split('\n').pop());
  for (const step of plan) {
    const { node, n } = numbered.find(({ node }) => node.nodeId === step.nodeId);
    if (step.action === 'none') console.log(`[demo] ${node.name} stays unstaked (boost 1x)`);
    else if (step.action === 'already-staked') console.log(`[demo] ${node.name} holds ${step.amount} CXT of stake already: not staked again`);
    else {
      const staked = spawnSync(process.execPath, [NODE_RUNNER, 'stake', step.amount, '--home', demoNode(n)], { env: { ...env, ...staker }, encoding: 'utf8' });
      console.log(`[demo] ${node.name} ${staked.status === 0 ? staked.stdout.trim() : `not staked (${(staked.stderr || staked.stdout || '').trim().split('\n').pop()})`}`);
    }
  }
}

/** The operator wallet `node-runner stake` uses: COREX_STAKER_KEY(_FILE), on the local chain the deployer's dev key; null when there is none. */
function stakerEnv(env) {
  if (env.COREX_STAKER_KEY || env.COREX_STAKER_KEY_FILE) return {};
  return env.COREX_CHAIN_LOCAL === '1' ? { COREX_STAKER_KEY: require('ethers').HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, "m/44'/60'/0'/0/0").privateKey } : null;
}

/**
 * With a chain: waits until the settlement paid every node that worked (GET /v1/nodes/{id}:
 * nothing pending), then shows the CXT each got on-chain with the transactions.
 */
async function showPayments(baseUrl, apiKey, nodes, env) {
  const { formatEther } = require('ethers');
  const epochSeconds = Number(JSON.parse(require('node:fs').readFileSync(env.COREX_DEPLOYMENT_FILE, 'utf8')).epochLength) || 30;
  const deadline = Date.now() + (3 * epochSeconds + 60) * 1000;
  console.log(`[demo] waiting for the settlement to pay the nodes on-chain (epochs of ${epochSeconds} s)...`);
  const worked = nodes.filter((n) => n.tally.fragments > 0);
  let views = [];
  for (;;) {
    views = await Promise.all(worked.map((n) => api(baseUrl, 'GET', `/v1/nodes/${n.nodeId}`, apiKey).catch(() => null)));
    if (views.every((v) => v?.rewards && v.rewards.pending === '0' && v.rewards.paid !== '0')) break;
    if (Date.now() > deadline) break;
    await sleep(1000);
  }
  worked.forEach((n, i) => {
    const r = views[i]?.rewards;
    if (!r) return void console.log(`[demo] ${n.name}: no reward view yet`);
    const txs = r.payments.map((p) => `epoch ${p.epoch} ${formatEther(p.amount)} CXT tx ${p.txHash}`).join('; ');
    const boost = views[i].stake ? `${(views[i].stake.boostBps / 10_000).toFixed(2)}x (${views[i].stake.boostBps} bps, ${formatEther(views[i].stake.active)} CXT staked)` : '1x (unstaked)';
    console.log(`[demo] ${n.name} boost ${boost}, ${n.tally.fragments} fragments this run, paid ${formatEther(r.paid)} CXT on-chain in all to ${views[i].payout ?? n.payout}${txs ? ` (${txs})` : ''}${r.pending !== '0' ? `, ${formatEther(r.pending)} CXT pending` : ''}`);
  });
}

/**
 * With a chain, job budgets are reserved from the account's MiningPool deposit: deposit for the
 * demo account (scripts/deposit-demo.ts) and wait until the marketplace counts it (the staking
 * service reads it at its confirmation depth).
 */
async function fundDemoAccount(baseUrl, apiKey, accountId, env) {
  const amount = process.env.COREX_DEMO_DEPOSIT || '1000';
  const script = require('node:path').resolve(__dirname, '..', 'deposit-demo.ts');
  const result = require('node:child_process').spawnSync(process.execPath, ['-r', '@swc-node/register', script, accountId, amount], { stdio: 'inherit', env });
  if (result.status !== 0) throw new Error('the deposit for the demo account failed');
  const deadline = Date.now() + 60_000;
  for (;;) {
    const me = await api(baseUrl, 'GET', '/v1/accounts/me', apiKey);
    if (Number(me.deposit) >= Number(amount)) return void console.log(`[demo] the marketplace counts the deposit: ${me.available} CXT available (GET ${baseUrl}/v1/accounts/me)`);
    if (Date.now() > deadline) throw new Error(`the deposit did not reach the marketplace within 60 s (is the staking service running?)`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

module.exports = { runDemo };
