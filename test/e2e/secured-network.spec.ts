import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decode } from '@nats-io/jwt';
import { FragmentCompleted, JobCompleted, type FragmentCompletedData, type JobCompletedData } from '@corex/events';
import { natsAuthPaths } from '@corex/nats-auth';
import { buildSlowModel } from '../support/slow-model';
import { uniqueNames } from '../support/infra';
import { startSecuredNats, type SecuredNats } from '../support/secured-nats';
import { startStack, type Stack } from '../support/stack';
import { eventsOfType, waitForEvent } from '../support/wait-for-event';

jest.setTimeout(120_000);

// The whole network on a server started with the shipped deploy/nats/nats.conf and generated
// auth: scheduler and marketplace as their own users, a node-runner that joins with the shared
// join creds, is issued a user of its own, and runs a job to completion as that user.
describe('a job on a secured network', () => {
  let nats: SecuredNats;
  let stack: Stack;
  let apiKey: string;

  beforeAll(async () => {
    nats = await startSecuredNats(uniqueNames('sec').prefix);
    stack = await startStack({
      nats: {
        url: nats.url,
        prefix: nats.prefix,
        scheduler: { COREX_NATS_CREDS: nats.credsFile('scheduler'), COREX_NATS_NODE_ISSUER: natsAuthPaths(nats.dir).nodeIssuer },
        marketplace: { COREX_NATS_CREDS: nats.credsFile('marketplace') },
        verifier: { COREX_NATS_CREDS: nats.credsFile('verifier') },
        reputation: { COREX_NATS_CREDS: nats.credsFile('reputation') },
        testCreds: nats.credsFile('admin'),
      },
    });
    apiKey = (await stack.createAccount('secured')).apiKey;
  });
  afterAll(async () => {
    await stack?.close();
    await nats?.stop();
  });

  it('refuses a node without credentials', async () => {
    const run = await stack.nodeRunner(['join', '--json', '--home', stack.home('anonymous')]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, message: expect.stringMatching(/authoriz/i) });
  });

  it('issues a joining node a NATS user of its own, valid for a day', async () => {
    const run = await stack.nodeRunner(['join', '--json', '--home', stack.home('joiner')], { COREX_NATS_CREDS: nats.credsFile('join') });
    expect(run.code).toBe(0);
    const { nodeId } = JSON.parse(run.stdout);
    const claims = decode<{ pub: { allow: string[] }; sub: { allow: string[] }; issuer_account: string }>(
      (await readFile(path.join(stack.home('joiner'), 'nats-user.jwt'), 'utf8')).trim(),
    );
    expect(claims.sub).toBe(nodeId);
    expect(claims.iss).toBe(nats.auth.account.nodeSigningPublicKey);
    expect(claims.nats.issuer_account).toBe(nats.auth.account.publicKey);
    // Its permissions are the scoped signing key's template, applied by the server.
    expect(claims.nats.sub).toBeUndefined();
    expect(claims.nats.pub).toBeUndefined();
    expect(claims.exp! - Date.now() / 1000).toBeGreaterThan(23 * 3600);
  });

  it('runs an inference job to completion on a node that joined with the join creds', async () => {
    stack.spawnNodeRunner(['start', '--json', '--home', stack.home('worker'), '--name', 'secure-node', '--slots', '2'], {
      COREX_NATS_CREDS: nats.credsFile('join'),
    });
    const submitted = await stack.api('POST', '/v1/jobs', {
      token: apiKey,
      body: { budget: '10', priority: 'normal', type: 'inference', model: 'penguins-mlp', dataset: 'penguins', params: { batchRows: 100 } },
    });
    expect(submitted.status).toBe(202);
    const jobId = submitted.body.id as string;
    await waitForEvent<JobCompletedData>(stack.log, JobCompleted.type, (d) => d.jobId === jobId, 100_000);
    const { version } = await stack.log.store.read(`job.${jobId}`);
    await stack.marketplace.waitForProjection('marketplace.jobs', version);
    const result = await stack.api('GET', `/v1/jobs/${jobId}/result`, { token: apiKey });
    expect(result.status).toBe(200);
    expect(result.body.predictions).toHaveLength(342);
    const completed = (await eventsOfType<FragmentCompletedData>(stack.log, FragmentCompleted.type)).filter((e) => e.data.jobId === jobId);
    const workerId = (await readFile(path.join(stack.home('worker'), 'nats-user.jwt'), 'utf8')).trim();
    expect(completed.length).toBeGreaterThan(0);
    for (const e of completed) expect(e.data.nodeId).toBe(decode(workerId).sub);
  });

  it('runs an uploaded model larger than one message (max_payload 8 MB) on that node: it reads the sealed graph part by part', async () => {
    const large = buildSlowModel(4, 1600, 1); // a 1600 × 1600 float matrix: ~10 MB
    expect(large.length).toBeGreaterThan(8 * 1024 * 1024);
    const upload = await stack.api('POST', '/v1/models?name=large', { token: apiKey, raw: large, contentType: 'application/octet-stream' });
    expect(upload.status).toBe(201);
    const submitted = await stack.api('POST', '/v1/jobs', {
      token: apiKey,
      body: { type: 'inference', model: upload.body.id, dataset: 'penguins', budget: '3', params: { batchRows: 200 } },
    });
    expect(submitted.status).toBe(202);
    const jobId = submitted.body.id as string;
    await waitForEvent<JobCompletedData>(stack.log, JobCompleted.type, (d) => d.jobId === jobId, 100_000);
    const completed = (await eventsOfType<FragmentCompletedData>(stack.log, FragmentCompleted.type)).filter((e) => e.data.jobId === jobId);
    expect(completed.reduce((rows, e) => rows + e.data.rowsProcessed, 0)).toBe(342);
  });
});
