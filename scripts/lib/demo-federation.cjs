'use strict';
const { parseJson } = require('./json-line.cjs');
// The federated part of the `npm start` demo and the model registry read back from the chain:
// three private penguins slices, one per running demo node (`node-runner dataset add`), one
// FedAvg round with pairwise-masked secure aggregation, then each registered model version with
// its on-chain record (ProofRegistry.modelOf via `node-runner verify-model --json`).
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { sleep } = require('./infra.cjs');
const { api, CorexProblemError } = require('./demo-api.cjs');

const NODE_RUNNER = 'apps/node-runner/bin/node-runner.js';
const FEDERATION = 'demo-clinics';
const { demoFederation: DIR, demoNode } = require('./corex-home.cjs').startPaths();
const PENGUINS = 'node_modules/vega-datasets/data/penguins.json';
const FEATURES = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
const LABEL = 'Species';
const FEDERATED = { rounds: 1, localEpochs: 5, validationDataset: 'penguins', roundDeadlineMs: 120_000 };
const JOB_TIMEOUT_MS = 400_000;

const tag = '[demo federated]';
const reg = '[demo registry]';
const pct = (x) => (typeof x === 'number' ? `${(x * 100).toFixed(1)} %` : '?');
const short = (id) => String(id ?? '').slice(0, 8);

/** `ctx` = demo-training's context plus `robust` (the robust job, when it completed) and `waitJob`. */
async function runFederationDemo(ctx) {
  const members = ctx.nodes.slice(0, 3);
  let federated;
  if (members.length < 2) console.error(`${tag} ${members.length} demo node(s) running: a federation needs 2 at least, no federated round`);
  else federated = await runFederatedRound(ctx, members);
  const models = [federated && { label: 'federated', job: federated }, ctx.robust && { label: 'robust', job: ctx.robust }].filter(Boolean);
  if (models.length === 0) return void console.log(`${reg} no completed training job of this part to show in the registry`);
  if (!ctx.env.COREX_DEPLOYMENT_FILE) return void console.log(`${reg} no chain (COREX_CHAIN=0): model versions are not anchored`);
  for (const m of models) await showRegisteredVersion(ctx, m.label, m.job);
}

/** Writes one CSV slice per member, registers it from the member's home, runs a one-round federated job. */
async function runFederatedRound(ctx, members) {
  const { api, baseUrl, apiKey } = ctx;
  fs.mkdirSync(DIR, { recursive: true, mode: 0o700 });
  const rows = JSON.parse(fs.readFileSync(PENGUINS, 'utf8')).filter((r) => [...FEATURES, LABEL].every((c) => r[c] !== null && r[c] !== undefined));
  const classes = [...new Set(rows.map((r) => r[LABEL]))].sort();
  const registered = [];
  for (const [i, node] of members.entries()) {
    // Every i-th row: each member holds a slice with all three species.
    const slice = rows.filter((_, k) => k % members.length === i);
    const file = path.join(DIR, `clinic-${i + 1}.csv`);
    fs.writeFileSync(file, [[...FEATURES, LABEL].map(csvCell).join(','), ...slice.map((r) => [...FEATURES, LABEL].map((c) => csvCell(r[c])).join(','))].join('\n') + '\n', { mode: 0o600 });
    const home = demoNode(node.name.split('-')[1]);
    const args = [NODE_RUNNER, 'dataset', 'add', file, '--federation', FEDERATION, '--label', LABEL, '--classes', classes.join(','), '--name', `clinic-${i + 1}`, '--home', home, '--json'];
    const out = spawnSync(process.execPath, args, { env: ctx.env, encoding: 'utf8', timeout: 60_000 });
    const reply = parseJson((out.stdout || '').trim().split('\n').pop() ?? '');
    if (out.status === 0 && reply?.ok) {
      registered.push(node);
      console.log(`${tag} ${node.name} registered private dataset clinic-${i + 1} in ${FEDERATION}: ${reply.rows} rows, ${reply.featureNames?.length} features; sent schema ${short(reply.schemaHash)}…, row count and X25519 key only (rows stay in ${home})`);
    } else console.error(`${tag} ${node.name} could not register its slice (exit ${out.status}): ${reply?.code ?? ''} ${reply?.message ?? (out.stderr || out.stdout || out.error?.message || '').trim().split('\n').pop()}`);
  }
  if (registered.length < 2) return void console.error(`${tag} ${registered.length} member(s) registered: no federated round`);
  // A new seed each run (new initial weights): the chain keeps a weights hash recorded once, for the first job that reached it.
  const body = { type: 'training', model: 'mlp', dataset: `federation:${FEDERATION}`, budget: '10', priority: 'normal', params: { seed: require('node:crypto').randomInt(1, 2 ** 31), federated: FEDERATED } };
  const job = await submitWhenKnown(ctx, body);
  if (!job) return undefined;
  console.log(`${tag} job ${job.id} submitted: ${JSON.stringify(body.params)} over ${registered.length} members`);
  const done = await ctx.waitJob(ctx, job.id, 'federated', JOB_TIMEOUT_MS);
  if (!done.ok) return undefined;
  const steps = (await api(baseUrl, 'GET', `/v1/jobs/${job.id}/steps?limit=100`, apiKey).catch(() => ({ items: [] }))).items ?? [];
  for (const s of steps) {
    const f = s.federated ?? {};
    const dropped = (f.dropped ?? []).map((id) => ctx.nodes.find((n) => n.nodeId === id)?.name ?? short(id));
    console.log(
      `${tag} round ${f.round ?? s.step}: validation accuracy ${pct(s.accuracy)}, loss ${s.validationLoss?.toFixed?.(4) ?? s.loss?.toFixed?.(4) ?? '?'}, ${s.accepted === false ? 'REFUSED (parent weights kept)' : 'accepted'}; ` +
        `members ${f.members ?? '?'}, updates from ${(s.participants ?? []).map((p) => ctx.nodes.find((n) => n.nodeId === p.nodeId)?.name ?? short(p.nodeId)).join(', ') || '?'}, dropped ${dropped.length ? dropped.join(', ') : 'none'}`,
    );
  }
  console.log(`${tag} only pairwise-masked updates left the nodes: the coordinator decoded the round's sum alone (secure aggregation, docs/federated.md)`);
  return done;
}

/**
 * POST /v1/jobs with an Idempotency-Key, retried for up to 30 s while the marketplace has not
 * projected the registrations yet (JOB.FEDERATION_UNKNOWN / _TOO_SMALL) or the connection broke
 * (a kept-alive socket the server had closed: "fetch failed"); the key makes a retry safe.
 */
async function submitWhenKnown({ baseUrl, apiKey }, body) {
  const headers = { 'idempotency-key': `demo-federated-${require('node:crypto').randomUUID()}` };
  const deadline = Date.now() + 30_000;
  for (;;) {
    let why;
    try {
      return await api(baseUrl, 'POST', '/v1/jobs', apiKey, body, headers);
    } catch (err) {
      if (err instanceof CorexProblemError && !/FEDERATION_UNKNOWN|FEDERATION_TOO_SMALL/.test(err.code)) return void console.error(`${tag} the federated job was refused: ${err.status} ${err.message}`);
      why = `${err.message}${err.cause?.message ? ` (${err.cause.message})` : ''}`;
    }
    if (Date.now() > deadline) return void console.error(`${tag} the federated job could not be submitted within 30 s: ${why}`);
    await sleep(1000);
  }
}

/** Prints a job's last model version and, once an epoch anchored it, its on-chain record read back with verify-model. */
async function showRegisteredVersion(ctx, label, job) {
  const { api, baseUrl, apiKey, env } = ctx;
  const page = await api(baseUrl, 'GET', `/v1/models/${job.id}/versions?limit=1000`, apiKey).catch((err) => void console.error(`${reg} ${label} job ${job.id}: ${err.message}`));
  const last = page?.items?.at(-1);
  if (!last) return void (page && console.error(`${reg} ${label} job ${job.id} has no registered version`));
  console.log(`${reg} ${label} job ${job.id} version ${last.version} (${page.items.length} registered): weights ${last.weightsHash}, parent ${last.parentWeightsHash ?? 'none'}, step ${last.step}, accuracy ${pct(last.accuracy)}, ${last.federated ? `FedAvg round ${last.federated.round}` : `rule ${last.rule ?? '?'}`}`);
  const epochSeconds = Number(JSON.parse(fs.readFileSync(env.COREX_DEPLOYMENT_FILE, 'utf8')).epochLength) || 30;
  const timeoutMs = (3 * epochSeconds + 60) * 1000;
  const deadline = Date.now() + timeoutMs;
  let view = last;
  // anchor appears with EpochClosed; its txHash once EpochSettled confirmed the recordModel transaction.
  while (!view?.anchor?.txHash && Date.now() < deadline) {
    await sleep(2000);
    view = await api(baseUrl, 'GET', `/v1/models/${job.id}/versions/${last.version}`, apiKey).catch(() => view);
  }
  if (!view?.anchor) console.log(`${reg} the marketplace shows no anchoring of version ${last.version} after ${timeoutMs / 1000} s (no EpochClosed names it yet); asking the chain anyway`);
  else if (!view.anchor.txHash) console.log(`${reg} version ${last.version} is in epoch ${view.anchor.epoch}'s close, but no EpochSettled with its transaction came within ${timeoutMs / 1000} s; asking the chain anyway`);
  else console.log(`${reg} anchored in epoch ${view.anchor.epoch}, tx ${view.anchor.txHash}, fragments root ${view.anchor.fragmentsRoot ?? '-'}`);
  const args = [NODE_RUNNER, 'verify-model', '--job', job.id, '--version', String(last.version), '--api', baseUrl, '--api-key', apiKey, '--deployment', env.COREX_DEPLOYMENT_FILE, '--json'];
  const out = spawnSync(process.execPath, args, { env, encoding: 'utf8', timeout: 60_000 });
  const r = parseJson((out.stdout || '').trim().split('\n').pop() ?? '');
  if (!r) return void console.error(`${reg} verify-model gave no answer (exit ${out.status}): ${(out.stderr || out.error?.message || '').trim().split('\n').pop()}`);
  if (r.code) return void console.error(`${reg} verify-model could not check: ${r.code} ${r.message}`);
  const rec = r.record;
  console.log(`${reg} $ node-runner verify-model --job ${short(job.id)}… --version ${last.version}: ${r.ok ? 'MATCH' : `MISMATCH (${r.mismatch})`}, sha256 of the downloaded weights ${r.sha256}`);
  if (r.mismatch === 'other-job') console.log(`${reg} (ProofRegistry records a weights hash once: another job, e.g. of an earlier run of npm start, reached these exact weights first)`);
  if (rec) console.log(`${reg} ProofRegistry.modelOf(${short(r.sha256)}…) at ${r.proofRegistry}: step ${rec.step}, parent ${rec.parent}, accuracy ${rec.accuracyBps} bps, fragments root ${rec.fragmentsRoot}, recorded ${new Date(rec.recordedAt * 1000).toISOString()}`);
}

function csvCell(v) {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

module.exports = { runFederationDemo };
