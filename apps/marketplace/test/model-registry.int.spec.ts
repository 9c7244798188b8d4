import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { subjects } from '@corex/events';
import { POC_LEAF_ENCODING } from '@corex/settlement';
import { startHarness, type Harness } from './marketplace-harness';
import { documentSchemas } from './openapi/document-schemas';
import { expectProblem } from './problems';
import { applyMergePatch } from '../src/jobs/job-events/view-patch';
import { openSse } from './sse-client';
import { ANCHOR_TX, MODEL_TX, NODE_C, appendRewards, closeEpochOne, completeFragment, rewardOf, stepEvent } from './model-registry-events';
import { NODE_A, NODE_B, work } from './work-events';

const ROOT = path.resolve(__dirname, '../../..');
/** `npm run report -- <args>` as a user runs it: exit code and output. */
const runReport = (args: string[]) =>
  new Promise<{ code: number; out: string }>((resolve) => {
    execFile(process.execPath, ['-r', '@swc-node/register', 'scripts/report.ts', ...args], { cwd: ROOT }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code) : 0, out: stdout + stderr }),
    );
  });
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const participant = (fragmentId: string, nodeId: string) => ({ fragmentId, nodeId, rows: 10 });

/**
 * A training job's steps as the scheduler records them (step 1's weights refused), its fragments
 * verified and rewarded, epoch 1 anchoring version 1; the registry, lineage, steps, event stream
 * and report read them back through the API.
 */
describe('model registry: versions, weights, lineage both ways, steps, report', () => {
  let h: Harness;
  let alice: { id: string; apiKey: string };
  let bob: { id: string; apiKey: string };
  let jobId: string;
  let weights: Buffer[];
  let pocRoot: string;
  let streamedStep: any;
  let conforms: (name: string, value: unknown) => string[];
  const get = (path: string, token = alice.apiKey) => h.request('GET', path, { token });

  beforeAll(async () => {
    h = await startHarness();
    alice = await h.createAccount('alice');
    bob = await h.createAccount('bob');
    conforms = documentSchemas((await h.request('GET', '/openapi.json')).body);
    jobId = (await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: { type: 'training', model: 'penguins-mlp', dataset: 'penguins', budget: '5' } })).body.id;
    weights = [randomBytes(3_000), randomBytes(70_000)];
    const blobs = await h.log.blobs();
    const [w0, w2] = await Promise.all(weights.map((w) => blobs.put(w)));

    for (const [f, node] of [['f0a', NODE_A], ['f0b', NODE_B], ['f1a', NODE_A], ['f1b', NODE_B], ['f2a', NODE_A], ['f2b', NODE_B]] as const) {
      await completeFragment(h, jobId, `${jobId}-${f}`, node, true);
    }
    await completeFragment(h, jobId, `${jobId}-f2c`, NODE_C, false);
    const rewards = [rewardOf(jobId, alice.id, `${jobId}-f0a`, NODE_A, 1), rewardOf(jobId, alice.id, `${jobId}-f0b`, NODE_B, 1)];
    const rewardSeq = await appendRewards(h, [...rewards, rewardOf(jobId, alice.id, `${jobId}-f2a`, NODE_A, 2)]);
    const epoch = await closeEpochOne(h, rewards, { jobId, weightsHash: w0! });
    pocRoot = epoch.pocRoot;
    await h.append(subjects.job(jobId), [
      work.planned(jobId, [{ id: `${jobId}-f0a`, rows: 10 }, { id: `${jobId}-f0b`, rows: 10 }], 0, 3),
      stepEvent(jobId, 0, { weightsHash: w0!, parentWeightsHash: null, participants: [participant(`${jobId}-f0a`, NODE_A), participant(`${jobId}-f0b`, NODE_B)] }),
      stepEvent(jobId, 1, { weightsHash: w0!, parentWeightsHash: w0!, accepted: false, participants: [participant(`${jobId}-f1a`, NODE_A), participant(`${jobId}-f1b`, NODE_B)] }),
    ]);

    // The last step arrives while a client follows the job.
    const stream = await openSse(`${h.api.url}/v1/jobs/${jobId}/events`, alice.apiKey);
    const first = await stream.next();
    expect(first?.event).toBe('job');
    let view = JSON.parse(first!.data!);
    const readUntilStep = async (step: number) => {
      for (let frame: Awaited<ReturnType<typeof stream.next>> = null; view.latestStep?.step !== step; ) {
        frame = await stream.next();
        if (!frame) throw new Error(`stream ended before step ${step}`);
        if (frame.data) view = applyMergePatch(view, JSON.parse(frame.data)) as typeof view;
      }
      return view.latestStep;
    };
    // Step 1 is on the client's screen first: the next patch then carries only what step 2 changed.
    await readUntilStep(1);
    const jobSeq = await h.append(subjects.job(jobId), [
      stepEvent(jobId, 2, {
        weightsHash: w2!,
        parentWeightsHash: w0!,
        participants: [participant(`${jobId}-f2a`, NODE_A), participant(`${jobId}-f2b`, NODE_B), participant(`${jobId}-f2c`, NODE_C)],
        rejected: [{ fragmentId: `${jobId}-f2c`, nodeId: NODE_C, reason: 'excluded', measure: 12.5 }],
        stragglers: [{ fragmentId: `${jobId}-f2d`, nodeId: null }],
      }),
    ]);
    // Patches carry only what changed: the client's view, patched in order, holds the step record.
    streamedStep = await readUntilStep(2);
    await stream.close();
    await h.settle(jobSeq, ['marketplace.jobs', 'marketplace.fragment_verifications', 'marketplace.job_steps']);
    await h.settle(rewardSeq, ['marketplace.fragment_rewards']);
    await h.settle(epoch.seq, ['marketplace.settlement_epochs']);
  });
  afterAll(async () => h.close());

  it('lists the accepted steps as versions with hash, parent, metrics, rule, contributors and the on-chain record', async () => {
    const res = await get(`/v1/models/${jobId}/versions`);
    expect(res.status).toBe(200);
    expect(conforms('ModelVersionsPage', res.body)).toEqual([]);
    const [v1, v3] = res.body.items;
    expect(res.body.items.map((v: { version: number }) => v.version)).toEqual([1, 3]);
    expect(v1).toMatchObject({
      modelId: jobId, step: 0, weightsHash: sha256(weights[0]!), parentWeightsHash: null, parentVersion: null, accuracy: 0.5, rule: 'krum', optimizer: 'adam',
      anchor: { epoch: 1, txHash: MODEL_TX, fragmentsRoot: pocRoot, accuracyBps: 5000 },
    });
    expect(v1.contributors).toEqual([
      { nodeId: NODE_A, fragments: [{ fragmentId: `${jobId}-f0a`, rows: 10, aggregation: 'used', verification: 'verified' }] },
      { nodeId: NODE_B, fragments: [{ fragmentId: `${jobId}-f0b`, rows: 10, aggregation: 'used', verification: 'verified' }] },
    ]);
    expect(v3).toMatchObject({ step: 2, weightsHash: sha256(weights[1]!), parentWeightsHash: sha256(weights[0]!), parentVersion: 1, rejected: 1, stragglers: 1, anchor: null });
    expect(v3.contributors.map((c: { nodeId: string }) => c.nodeId)).toEqual([NODE_A, NODE_B]);
    expect((await get(`/v1/models/${jobId}/versions/3`)).body).toEqual(v3);
    const paged = await get(`/v1/models/${jobId}/versions?limit=1`);
    expect((await get(`/v1/models/${jobId}/versions?cursor=${paged.body.nextCursor}`)).body.items.map((v: { version: number }) => v.version)).toEqual([3]);
  });

  it('serves each version’s weights: their sha256 is the weights hash, stated as ETag and digests', async () => {
    for (const [n, bytes] of [[1, weights[0]!], [3, weights[1]!]] as const) {
      const res = await fetch(`${h.api.url}/v1/models/${jobId}/versions/${n}/weights`, { headers: { authorization: `Bearer ${alice.apiKey}` } });
      const body = new Uint8Array(await res.arrayBuffer());
      const hash = sha256(body);
      expect(res.status).toBe(200);
      expect(hash).toBe(sha256(bytes));
      expect(hash).toBe((await get(`/v1/models/${jobId}/versions/${n}`)).body.weightsHash);
      expect(res.headers.get('etag')).toBe(`"${hash}"`);
      const b64 = Buffer.from(hash, 'hex').toString('base64');
      expect([res.headers.get('digest'), res.headers.get('repr-digest')]).toEqual([`sha-256=${b64}`, `sha-256=:${b64}:`]);
      const again = await fetch(`${h.api.url}/v1/models/${jobId}/versions/${n}/weights`, { headers: { authorization: `Bearer ${alice.apiKey}`, 'if-none-match': `"${hash}"` } });
      expect([again.status, (await again.arrayBuffer()).byteLength]).toEqual([304, 0]);
    }
  });

  it('traces a version to its fragments, their verdicts, rewards and PoC records in the anchored epoch root', async () => {
    const res = await get(`/v1/models/${jobId}/versions/1/lineage`);
    expect(res.status).toBe(200);
    expect(conforms('ModelVersionLineage', res.body)).toEqual([]);
    expect(res.body.job).toMatchObject({ id: jobId, model: 'penguins-mlp' });
    expect(res.body.version).toMatchObject({ version: 1, anchor: { txHash: MODEL_TX } });
    const [fa, fb] = res.body.fragments;
    expect(fa).toMatchObject({ fragmentId: `${jobId}-f0a`, nodeId: NODE_A, leaseId: `${jobId}-f0a-l`, aggregation: 'used', verification: { outcome: 'verified', method: 'recompute' } });
    expect(fb.poc).toMatchObject({ epoch: 1, pocRoot, anchored: true, anchorTxHash: ANCHOR_TX });
    const proofs = (await get(`/v1/jobs/${jobId}/proofs`)).body.items;
    const leaf = proofs.find((p: { fragmentId: string }) => p.fragmentId === fa.fragmentId).leaf;
    const leafValue = [leaf.jobId, leaf.fragmentId, leaf.nodeId, leaf.leaseId, leaf.resultHash];
    expect(StandardMerkleTree.verify(pocRoot, POC_LEAF_ENCODING, leafValue, fa.poc.proof)).toBe(true);
    // The same record is in the version's own fragments root (ProofRegistry.verifyModelFragment).
    expect(StandardMerkleTree.verify(res.body.version.anchor.fragmentsRoot, POC_LEAF_ENCODING, leafValue, fa.fragmentsProof)).toBe(true);
    expect(StandardMerkleTree.verify(res.body.version.anchor.fragmentsRoot, POC_LEAF_ENCODING, [...leafValue.slice(0, 4), `0x${'9'.repeat(64)}`], fa.fragmentsProof)).toBe(false);
    const v3 = (await get(`/v1/models/${jobId}/versions/3/lineage`)).body;
    expect(v3.fragments.map((f: { aggregation: string; verification: { outcome: string } }) => [f.aggregation, f.verification.outcome])).toEqual([
      ['used', 'verified'],
      ['used', 'verified'],
      ['excluded', 'pending'],
    ]);
    expect(v3.fragments[0].poc).toMatchObject({ epoch: 2, pocRoot: null, anchored: false, proof: null });
    expect(v3.fragments[0].fragmentsProof).toBeNull();
  });

  it('traces a fragment to the versions its update went into', async () => {
    const used = await get(`/v1/jobs/${jobId}/fragments/${jobId}-f0a/lineage`);
    expect(used.status).toBe(200);
    expect(conforms('FragmentLineage', used.body)).toEqual([]);
    expect(used.body.versions).toEqual([{ version: 1, step: 0, weightsHash: sha256(weights[0]!), aggregation: 'used', anchor: { epoch: 1, txHash: MODEL_TX, fragmentsRoot: pocRoot, accuracyBps: 5000 } }]);
    expect(used.body.fragment).toMatchObject({ fragmentId: `${jobId}-f0a`, reward: { epoch: 1 }, poc: { pocRoot } });
    expect((await get(`/v1/jobs/${jobId}/fragments/${jobId}-f2c/lineage`)).body.versions).toMatchObject([{ version: 3, aggregation: 'excluded' }]);
    expect((await get(`/v1/jobs/${jobId}/fragments/${jobId}-f1a/lineage`)).body.versions).toEqual([]);
    expectProblem(await get(`/v1/jobs/${jobId}/fragments/${jobId}-nope/lineage`), 404, 'FRAGMENT.NOT_FOUND');
  });

  it('lists every step with how it was aggregated, and streamed the last one live with those fields', async () => {
    const res = await get(`/v1/jobs/${jobId}/steps`);
    expect(conforms('TrainingStepsPage', res.body)).toEqual([]);
    const [s0, s1, s2] = res.body.items;
    expect(s0).toMatchObject({ step: 0, rule: 'krum', optimizer: 'adam', accepted: true, validationLoss: 1.1, participants: [{ nodeId: NODE_A }, { nodeId: NODE_B }] });
    expect(s1).toMatchObject({ step: 1, accepted: false, parentWeightsHash: sha256(weights[0]!) });
    expect(s2).toMatchObject({ rejected: [{ fragmentId: `${jobId}-f2c`, reason: 'excluded', measure: 12.5 }], stragglers: [{ fragmentId: `${jobId}-f2d`, nodeId: null }] });
    expect(streamedStep).toMatchObject({ step: 2, rule: 'krum', accepted: true, rejected: s2.rejected, stragglers: s2.stragglers, participants: s2.participants });
  });

  it('draws the training curves with one point per step, linked from the job view', async () => {
    const job = await get(`/v1/jobs/${jobId}`);
    expect(conforms('Job', job.body)).toEqual([]);
    expect(job.body.links).toEqual({ steps: `/v1/jobs/${jobId}/steps`, versions: `/v1/models/${jobId}/versions`, report: `/v1/jobs/${jobId}/report.svg` });
    const res = await get(job.body.links.report);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(res.body).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const lossPoints = /<g class="loss"><polyline points="([^"]*)"/.exec(res.body)![1]!.split(' ');
    expect(lossPoints).toHaveLength(3);
    expect(res.body.match(/: 1 rejected<\/title>/g)).toHaveLength(1);
    expect(res.body.match(/: 1 stragglers<\/title>/g)).toHaveLength(1);
  });

  it('writes the same SVG with `npm run report`, and refuses PNG for want of a converter', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'corex-report-'));
    const out = path.join(dir, 'curves.svg');
    const written = await runReport(['--job', jobId, '--api', h.api.url, '--api-key', alice.apiKey, '--out', out]);
    expect(written).toMatchObject({ code: 0, out: expect.stringContaining(`wrote ${out}`) });
    expect(readFileSync(out, 'utf8')).toBe((await get(`/v1/jobs/${jobId}/report.svg`)).body);
    const png = await runReport(['--job', jobId, '--api', h.api.url, '--api-key', alice.apiKey, '--out', path.join(dir, 'curves.png')]);
    expect(png).toMatchObject({ code: 2, out: expect.stringContaining('PNG output is not available') });
    const other = await runReport(['--job', jobId, '--api', h.api.url, '--api-key', bob.apiKey, '--out', out]);
    expect(other).toMatchObject({ code: 1, out: expect.stringContaining('404 JOB.NOT_FOUND') });
  });

  it('answers another account, an unknown version and a bad version number with problems, never 5xx', async () => {
    for (const path of ['', '/1', '/1/weights', '/1/lineage']) expectProblem(await get(`/v1/models/${jobId}/versions${path}`, bob.apiKey), 404, 'MODEL.NOT_FOUND');
    expectProblem(await get(`/v1/jobs/${jobId}/fragments/${jobId}-f0a/lineage`, bob.apiKey), 404, 'JOB.NOT_FOUND');
    expectProblem(await get(`/v1/jobs/${jobId}/report.svg`, bob.apiKey), 404, 'JOB.NOT_FOUND');
    for (const n of [2, 4]) expectProblem(await get(`/v1/models/${jobId}/versions/${n}`), 404, 'MODEL.VERSION_NOT_FOUND');
    for (const n of ['0', 'abc', '-1', '1.5', '99999999999']) expectProblem(await get(`/v1/models/${jobId}/versions/${n}/weights`), 400, 'MODEL.INVALID_VERSION');
    expectProblem(await get(`/v1/models/${jobId}/versions?limit=0`), 400, 'REQUEST.INVALID_QUERY');
    const submitted = await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '1' } });
    expect(submitted.status).toBe(202);
    const inference: string = submitted.body.id;
    expectProblem(await get(`/v1/models/${inference}/versions`), 404, 'MODEL.NOT_FOUND');
    expectProblem(await get(`/v1/jobs/${inference}/report.svg`), 404, 'JOB.REPORT_NOT_FOUND');
    expect((await get(`/v1/jobs/${inference}`)).body.links).toBeUndefined();
  });

  it('rebuilds the steps, epochs and jobs read models into exactly the live ones', async () => {
    for (const [name, key] of [['marketplace.job_steps', 'id'], ['marketplace.settlement_epochs', 'epoch'], ['marketplace.jobs', 'id']] as const) {
      const read = () => h.query(`SELECT * FROM ${name} ORDER BY ${key}`);
      const live = await read();
      expect(live.length).toBeGreaterThan(0);
      const projector = h.api.projectors.get(name);
      const position = await projector.position();
      await projector.rebuild();
      await projector.waitFor(position);
      expect(await read()).toEqual(live);
    }
  });
});
