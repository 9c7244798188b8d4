import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deploymentRecord, verifyModelVersion, writeDeploymentFile } from '@corex/chain';
import { connectCorex, deployCorex, jobIdToBytes32, type CorexContracts } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';

const CLI = path.resolve(__dirname, '../../bin/node-runner.js');
const ZERO = `0x${'0'.repeat(64)}`;

/** The CLI as anyone runs it: a real child process. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'verify-model', ...args], { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('node-runner verify-model and verifyModelVersion against a real chain (anvil, ProofRegistry)', () => {
  let anvil: AnvilChain;
  let dir: string;
  let deploymentFile: string;
  let weightsFile: string;
  let tamperedFile: string;
  let c: CorexContracts;
  const weights = Uint8Array.from({ length: 4096 }, (_, i) => (i * 31) % 251);
  const sha = createHash('sha256').update(weights).digest('hex');

  beforeAll(async () => {
    anvil = await startAnvil();
    const anchor = anvil.wallet(1);
    const d = await deployCorex(anvil.wallet(0), { settler: anchor.address, anchor: anchor.address, slasher: anchor.address, binder: anchor.address, epochLength: 60n });
    c = connectCorex(d, anchor);
    dir = await mkdtemp(path.join(tmpdir(), 'verify-model-'));
    deploymentFile = path.join(dir, 'deployment.json');
    await writeDeploymentFile(deploymentFile, deploymentRecord(d, anvil.rpcUrl, 60));
    weightsFile = path.join(dir, 'weights.bin');
    tamperedFile = path.join(dir, 'tampered.bin');
    await writeFile(weightsFile, weights);
    const tampered = Uint8Array.from(weights);
    tampered[100] ^= 1;
    await writeFile(tamperedFile, tampered);
    // Version 3 of job-x: step 2, trained from some parent.
    await (await c.proofRegistry.recordModel(jobIdToBytes32('job-x'), `0x${sha}`, `0x${'ab'.repeat(32)}`, 2, 9_150, ZERO)).wait();
  }, 120_000);

  afterAll(async () => {
    await anvil?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('given recorded weights, when checked as the version they are, then it matches and exits 0 with the on-chain record', async () => {
    const run = await cli(['--file', weightsFile, '--job', 'job-x', '--version', '3', '--deployment', deploymentFile, '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ ok: true, sha256: sha, mismatch: null, record: { jobId: jobIdToBytes32('job-x'), step: 2, accuracyBps: 9_150, parent: `0x${'ab'.repeat(32)}` } });
    expect(out.record.recordedAt).toBeGreaterThan(0);
    const human = await cli(['--file', weightsFile, '--registry', await c.proofRegistry.getAddress(), '--rpc', anvil.rpcUrl]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`MATCH: sha256 ${sha}`);
  });

  it('given one byte changed, then it is not recorded and exits 1', async () => {
    const run = await cli(['--file', tamperedFile, '--job', 'job-x', '--version', '3', '--deployment', deploymentFile]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^MISMATCH: sha256 [0-9a-f]{64} of .* is not recorded on-chain/);
    expect(run.stdout).not.toContain(sha);
  });

  it('given recorded weights claimed as another version, then it exits 1 naming the version they are', async () => {
    const run = await cli(['--file', weightsFile, '--job', 'job-x', '--version', '2', '--deployment', deploymentFile, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, mismatch: 'other-version', record: { step: 2 } });
  });

  it('given bad arguments or no chain, then it exits 64 or 2 with a reason', async () => {
    expect((await cli([])).code).toBe(64);
    expect((await cli(['--job', 'job-x'])).stderr).toContain('--job and --version go together');
    const noChain = await cli(['--file', weightsFile, '--deployment', path.join(dir, 'missing.json'), '--json']);
    expect(noChain.code).toBe(2);
    expect(JSON.parse(noChain.stdout)).toMatchObject({ ok: false, code: 'STAKE.NO_CHAIN' });
  });

  it('verifyModelVersion: the SDK call says which job the weights belong to', async () => {
    const target = { provider: anvil.provider, proofRegistry: await c.proofRegistry.getAddress() };
    expect(await verifyModelVersion({ ...target, weights, jobId: 'job-x', version: 3 })).toMatchObject({ sha256: sha, matches: true });
    expect(await verifyModelVersion({ ...target, weights, jobId: 'job-y' })).toMatchObject({ matches: false, mismatch: 'other-job' });
    expect(await verifyModelVersion({ ...target, weights: new Uint8Array([1]) })).toMatchObject({ matches: false, mismatch: 'not-recorded', record: null });
  });
});
