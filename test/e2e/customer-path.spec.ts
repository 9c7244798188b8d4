import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { documentSchemas } from '../../apps/marketplace/test/openapi/document-schemas';
import { customerJobFlow, followUntilFinished } from '../../apps/marketplace/test/openapi/client/job-flow';
import { createClient } from '../../apps/marketplace/test/openapi/client/typed-fetch';
import { summarizeLog } from '../support/log-summary';
import { startStack, STACK_ADMIN_TOKEN, type Stack } from '../support/stack';

const root = path.resolve(__dirname, '../..');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The shell code between `<!-- <marker>:begin -->` and `<!-- <marker>:end -->` in README.md, fences removed. */
async function readmeBlock(marker: string): Promise<string> {
  const readme = await readFile(path.join(root, 'README.md'), 'utf8');
  const block = new RegExp(`<!-- ${marker}:begin -->([\\s\\S]*?)<!-- ${marker}:end -->`).exec(readme);
  if (!block) throw new Error(`README.md has no ${marker} block`);
  return [...block[1]!.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
}

function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env }, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

/**
 * The customer's path on a whole stack (marketplace, scheduler, one node-runner on the local
 * NATS and Postgres): the README quick-start run literally with bash and curl, and the job flow
 * of the client generated from the OpenAPI document, each answer checked against the document.
 */
describe('customer path', () => {
  let stack: Stack;
  let workdir: string;

  beforeAll(async () => {
    stack = await startStack();
    stack.spawnNodeRunner(['start', '--json', '--home', stack.home('node'), '--name', 'customer-path-node', '--slots', '2']);
    // The quick-start runs at the repository root: a directory with the same relative paths, so its downloads land outside the checkout.
    workdir = await mkdtemp(path.join(os.tmpdir(), 'corex-quickstart-'));
    await symlink(path.join(root, 'docs'), path.join(workdir, 'docs'));
    await symlink(path.join(root, 'node_modules'), path.join(workdir, 'node_modules'));
  });
  afterAll(async () => {
    await stack?.close();
    if (workdir) await rm(workdir, { recursive: true, force: true });
  });

  it('README quick-start: five commands as written take a CSV to a trained model on disk, and it runs', async () => {
    const steps = await readmeBlock('quickstart');
    expect(steps.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#') && !line.startsWith('URL='))).toHaveLength(5);
    // The test's own line after the README's: report what the commands made, to check it below.
    const run = await bash(`set -euo pipefail\n${steps}\necho "QUICKSTART job=$JOB key=$KEY"`, workdir, {
      COREX_URL: stack.marketplace.url,
      COREX_ADMIN_TOKEN: STACK_ADMIN_TOKEN,
    });
    // stderr is in the comparison so that a failure shows what curl or node said.
    if (run.code !== 0) run.stderr += `\n${await summarizeLog(stack.log)}`;
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const [, jobId, key] = /QUICKSTART job=(\S+) key=(\S+)/.exec(run.stdout)!;

    const job = await stack.api('GET', `/v1/jobs/${jobId}`, { token: key });
    expect(job.body.status).toBe('completed');
    const downloaded = await readFile(path.join(workdir, 'weather-model.onnx'));
    expect(sha256(downloaded)).toBe(job.body.result.modelHash);

    const local = await bash(`set -euo pipefail\n${await readmeBlock('quickstart-run')}`, workdir, {});
    expect({ code: local.code, stderr: local.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const probabilities: number[] = JSON.parse(local.stdout);
    expect(probabilities).toHaveLength(5);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  }, 300_000);

  it('the client generated from the document runs the job flow, and every answer is what the document says', async () => {
    const served = (await stack.api('GET', '/openapi.json')).body;
    const conforms = documentSchemas(served);
    const csv = await readFile(path.join(root, 'docs/examples/seattle-weather.csv'), 'utf8');

    const flow = await customerJobFlow({ baseUrl: stack.marketplace.url, adminToken: STACK_ADMIN_TOKEN, csv, label: 'weather', deadlineMs: 180_000 }).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${await summarizeLog(stack.log)}`);
    });

    expect(flow.statuses.at(-1)).toBe('completed');
    expect(conforms('RegisteredDataset', flow.dataset)).toEqual([]);
    expect(conforms('Job', flow.job)).toEqual([]);
    expect(conforms('TrainingStepsPage', { items: flow.steps, nextCursor: null })).toEqual([]);
    expect(conforms('JobResultDocument', flow.document)).toEqual([]);
    expect(flow.steps).toHaveLength(flow.job.progress.totalSteps);
    expect(sha256(flow.model)).toBe(flow.job.result?.modelHash);

    // The trained weights predict on the network too: an inference job's answers conform as well.
    const api = createClient(stack.marketplace.url);
    const weights = flow.job.result?.weightsHash;
    expect(weights).toBeDefined();
    const submitted = await api.call('/v1/jobs', 'post', {
      token: flow.token,
      body: { type: 'application/json', value: { type: 'inference', model: 'mlp', dataset: flow.dataset.id, budget: '1', params: { weights } } },
    });
    expect(submitted.status).toBe(202);
    if (submitted.status !== 202) return;
    await followUntilFinished(api, flow.token, submitted.body.id, 180_000);
    const predicted = await api.call('/v1/jobs/{id}/result', 'get', { token: flow.token, path: { id: submitted.body.id } });
    expect(predicted.status).toBe(200);
    if (predicted.status !== 200) return;
    expect(conforms('JobResultDocument', predicted.body)).toEqual([]);
    expect(predicted.body.kind === 'predictions' && predicted.body.predictions.length).toBe(flow.dataset.rows);
  }, 400_000);
});
