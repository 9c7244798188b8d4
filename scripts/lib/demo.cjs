'use strict';
// The `npm start` demo: an account, one node, one inference job, then their state.
const fs = require('node:fs');
const readline = require('node:readline');
const { spawn } = require('node:child_process');

const NODE_RUNNER = 'apps/node-runner/bin/node-runner.js';
const DEMO_NODE_HOME = '.corex/demo-node';

class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** Calls the marketplace and returns the parsed JSON body; throws on a non-2xx answer. */
async function api(baseUrl, method, path, token, body) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (!res.ok) throw new ApiError(`${method} ${path} answered ${res.status}: ${text}`, res.status);
  return text ? JSON.parse(text) : null;
}

/**
 * First id of a catalog list (objects with an id, or plain ids); among models, the first one
 * whose `tasks` (when listed) include `task`.
 */
function firstId(list, what, task) {
  const items = Array.isArray(list) ? list : [];
  const first = items.find((m) => !task || !Array.isArray(m?.tasks) || m.tasks.includes(task)) ?? items[0];
  const id = first && typeof first === 'object' ? first.id : first;
  if (!id) throw new Error(`the catalog lists no ${what}`);
  return id;
}

/** Runs `node-runner join --json` and returns the node id it prints (last JSON line). */
function joinNode(env) {
  return new Promise((resolve, reject) => {
    const args = [NODE_RUNNER, 'join', '--json', '--home', DEMO_NODE_HOME];
    console.log(`[demo] $ node ${args.join(' ')}`);
    const proc = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    readline.createInterface({ input: proc.stderr }).on('line', (line) => console.error(`node-runner | ${line}`));
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.once('error', reject);
    proc.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`node-runner join exited with code ${code}: ${out.trim()}`));
      const line = out.trim().split('\n').reverse().find((l) => l.trim().startsWith('{'));
      const joined = line ? JSON.parse(line) : {};
      const nodeId = joined.nodeId ?? joined.id;
      if (!nodeId) return reject(new Error(`node-runner join printed no node id: ${out.trim()}`));
      resolve(nodeId);
    });
  });
}

/** A node that cannot join does not stop the rest of the demo. */
async function tryJoinNode(env) {
  if (!fs.existsSync(NODE_RUNNER)) return void console.log(`[demo] ${NODE_RUNNER} does not exist yet: no node joins`);
  try {
    const nodeId = await joinNode({ ...env, COREX_NODE_HOME: DEMO_NODE_HOME });
    console.log(`[demo] node ${nodeId} joined`);
    return nodeId;
  } catch (err) {
    console.error(`[demo] no node joined: ${err.message}`);
    return undefined;
  }
}

/** GET that waits up to ~5 s for a read model to catch up (404 until the projection ran). */
async function getEventually(baseUrl, path, token) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await api(baseUrl, 'GET', path, token);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 404 || attempt >= 20) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function show(baseUrl, path, token) {
  const body = await getEventually(baseUrl, path, token);
  console.log(`[demo] GET ${path}:\n${JSON.stringify(body, null, 2)}`);
}

/** Runs the demo flow against a ready marketplace; puts the account's api key in `state`. */
async function runDemo({ baseUrl, adminToken, env, state }) {
  const account = await api(baseUrl, 'POST', '/v1/accounts', adminToken, { name: 'demo' });
  console.log(`[demo] account ${account.id} created`);
  const apiKey = (state.apiKey = account.apiKey);

  const nodeId = await tryJoinNode(env);

  const catalog = await api(baseUrl, 'GET', '/v1/catalog', apiKey);
  const job = await api(baseUrl, 'POST', '/v1/jobs', apiKey, {
    type: 'inference',
    model: firstId(catalog?.models, 'model', 'inference'),
    dataset: firstId(catalog?.datasets, 'dataset'),
    budget: '5',
    priority: 'normal',
  });
  console.log(`[demo] job ${job.id} submitted (${job.status})`);
  await show(baseUrl, `/v1/jobs/${job.id}`, apiKey);
  if (nodeId) await show(baseUrl, `/v1/nodes/${nodeId}`, apiKey);
}

module.exports = { runDemo };
