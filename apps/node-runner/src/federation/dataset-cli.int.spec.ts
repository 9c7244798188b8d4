import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { federationSchemaHash, nodeSubjects, verifyPrivateDataset, type PrivateDatasetReply } from '@corex/node-protocol';
import { NATS_URL } from '../../../../test/support/infra';
import { createCliLogger } from '../cli-logger';
import { loadOrCreateIdentity } from '../identity/node-identity';

const CLI = path.resolve(__dirname, '../../bin/node-runner.js');

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Values no nonce, key or signature would hold by chance: each must stay on the node. */
const cells = Array.from({ length: 12 }, (_, i) => (7301.4567 + 13.0071 * i).toFixed(4));
const CSV = ['pressure,diagnosis,glucose', ...[0, 1, 2, 3, 4, 5].map((r) => `${cells[2 * r]},${r % 2 ? 'ill' : 'well'},${cells[2 * r + 1]}`)].join('\n');

/**
 * The node's side of private datasets: what `dataset add|list|remove` sends and keeps. A responder
 * on the scheduler's subject checks each message with the protocol's own verifier and keeps its
 * raw bytes, so the test sees everything that left the node.
 */
describe('node-runner dataset', () => {
  const prefix = `dataset${randomUUID().slice(0, 8)}`;
  let nc: NatsConnection;
  let dir: string;
  let home: string;
  let env: Record<string, string>;
  let file: string;
  let answer: () => PrivateDatasetReply = () => ({ ok: true });
  const sent: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'corex-dataset-'));
    home = path.join(dir, 'node');
    await loadOrCreateIdentity(home, createCliLogger('warn'));
    file = path.join(dir, 'ward-a.csv');
    await writeFile(file, CSV);
    env = { COREX_NODE_HOME: home, NATS_URL, COREX_SUBJECT_PREFIX: prefix };
    nc = await connect({ servers: NATS_URL });
    nc.subscribe(nodeSubjects(prefix).privateDataset, {
      callback: (_err, msg) => {
        sent.push(msg.string());
        msg.respond(JSON.stringify(answer()));
      },
    });
    await nc.flush();
  });
  beforeEach(() => {
    sent.length = 0;
    answer = () => ({ ok: true });
  });
  afterAll(async () => {
    await nc?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('registers the schema, the row count and the encryption key, and nothing of the rows', async () => {
    const run = await cli(['dataset', 'add', file, '--federation', 'clinics', '--label', 'diagnosis', '--json'], env);
    expect(run.code).toBe(0);
    expect(sent).toHaveLength(1);
    const verified = verifyPrivateDataset(JSON.parse(sent[0]!), { now: new Date() });
    if (!verified.ok) throw new Error(`the message does not verify: ${verified.message}`);
    const key = JSON.parse(await readFile(path.join(home, 'federation-key.json'), 'utf8')) as { publicKey: string };
    expect(verified.body).toMatchObject({ action: 'register', federation: 'clinics', datasetName: 'ward-a', featureNames: ['pressure', 'glucose'], classNames: ['ill', 'well'], rows: 6, encryptionKey: key.publicKey });
    expect(verified.body.schemaHash).toBe(federationSchemaHash(['pressure', 'glucose'], ['ill', 'well']));
    expect(Object.keys(verified.body).sort()).toEqual(['action', 'classNames', 'datasetName', 'encryptionKey', 'featureNames', 'federation', 'issuedAt', 'nodeId', 'nonce', 'rows', 'schemaHash']);
    for (const value of cells) expect(sent[0]).not.toContain(value);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, action: 'register', federation: 'clinics', rows: 6, encryptionKey: key.publicKey, encryptionKeyCreated: true });
  });

  it('keeps the rows and the private key in the node home, readable by the node user only', async () => {
    const stored = JSON.parse(await readFile(path.join(home, 'datasets', 'clinics.json'), 'utf8')) as { features: number[]; labels: number[] };
    expect(stored.features.map((v) => v.toFixed(4))).toEqual(cells);
    expect(stored.labels).toEqual([1, 0, 1, 0, 1, 0]);
    for (const f of ['datasets/clinics.json', 'federation-key.json']) expect((await stat(path.join(home, f))).mode & 0o777).toBe(0o600);
  });

  it('lists the datasets it holds, without their rows', async () => {
    const run = await cli(['dataset', 'list', '--json'], env);
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.stdout) as { datasets: Array<Record<string, unknown>> };
    expect(listed.datasets).toEqual([expect.objectContaining({ federation: 'clinics', datasetName: 'ward-a', rows: 6 })]);
    expect(listed.datasets[0]).not.toHaveProperty('features');
    expect(sent).toHaveLength(0);
  });

  it('keeps nothing when the network refuses the registration (exit 2, the code printed)', async () => {
    answer = () => ({ ok: false, code: 'NODE.FEDERATION_SCHEMA_MISMATCH', message: 'the members registered another schema' });
    const run = await cli(['dataset', 'add', file, '--federation', 'hospitals', '--label', 'diagnosis', '--json'], env);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, code: 'NODE.FEDERATION_SCHEMA_MISMATCH' });
    await expect(stat(path.join(home, 'datasets', 'hospitals.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('says so when no scheduler answers (exit 1), storing nothing', async () => {
    const run = await cli(['dataset', 'add', file, '--federation', 'labs', '--label', 'diagnosis'], { ...env, COREX_SUBJECT_PREFIX: `${prefix}x`, COREX_REQUEST_TIMEOUT_MS: '2000' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/RUNNER\.NETWORK_UNREACHABLE/);
    await expect(stat(path.join(home, 'datasets', 'labs.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a CSV whose label column is missing before sending anything (exit 1)', async () => {
    const run = await cli(['dataset', 'add', file, '--federation', 'clinics', '--label', 'outcome', '--json'], env);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, code: 'DATASET.LABEL_UNKNOWN' });
    expect(sent).toHaveLength(0);
  });

  it('is a usage error without --label (exit 64)', async () => {
    expect((await cli(['dataset', 'add', file, '--federation', 'clinics'], env)).code).toBe(64);
  });

  it('withdraws the dataset, then deletes its rows here', async () => {
    const run = await cli(['dataset', 'remove', '--federation', 'clinics'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/withdrew dataset "ward-a"/);
    const verified = verifyPrivateDataset(JSON.parse(sent[0]!), { now: new Date() });
    expect(verified.ok && verified.body).toMatchObject({ action: 'withdraw', federation: 'clinics', rows: 6 });
    await expect(stat(path.join(home, 'datasets', 'clinics.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
