import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decode } from '@nats-io/jwt';
import { JobCompleted, NodeBenchmarked, type JobCompletedData } from '@corex/events';
import { natsAuthPaths } from '@corex/nats-auth';
import { uniqueNames } from '../support/infra';
import { startSecuredNats, type SecuredNats } from '../support/secured-nats';
import { startStack, type Stack } from '../support/stack';
import { waitForEvent } from '../support/wait-for-event';

jest.setTimeout(120_000);

// Node users expire (COREX_NODE_JWT_TTL_MS); a running node registers again before its user
// expires, and its connections, closed by the server at the old user's expiry, come back as the
// new one. Here users live 12 s, so the node outlives several of them. (Each renewal registers
// again and draws a join benchmark challenge, which holds the node's work while open: with 6 s
// users the node spent most of its time under challenge and the job often missed its deadline.)
describe('a node outliving its NATS user', () => {
  let nats: SecuredNats;
  let stack: Stack;

  beforeAll(async () => {
    nats = await startSecuredNats(uniqueNames('ren').prefix);
    stack = await startStack({
      nats: {
        url: nats.url,
        prefix: nats.prefix,
        scheduler: { COREX_NATS_CREDS: nats.credsFile('scheduler'), COREX_NATS_NODE_ISSUER: natsAuthPaths(nats.dir).nodeIssuer, COREX_NODE_JWT_TTL_MS: '12000' },
        marketplace: { COREX_NATS_CREDS: nats.credsFile('marketplace') },
        verifier: { COREX_NATS_CREDS: nats.credsFile('verifier') },
        reputation: { COREX_NATS_CREDS: nats.credsFile('reputation') },
        testCreds: nats.credsFile('admin'),
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await nats?.stop();
  });

  it('renews its user before it expires and still runs a job after the first one expired', async () => {
    const { apiKey } = await stack.createAccount('renewal');
    stack.spawnNodeRunner(['start', '--json', '--home', stack.home('long'), '--slots', '1'], { COREX_NATS_CREDS: nats.credsFile('join') });
    const joined = await waitForEvent<{ nodeId: string }>(stack.log, NodeBenchmarked.type, () => true, 60_000);
    const nodeId = joined.data.nodeId;
    // The join, then two renewals: by the second, the user issued at join has expired.
    let reports = 0;
    const renewedTwice = await waitForEvent<{ nodeId: string }>(stack.log, NodeBenchmarked.type, (d) => d.nodeId === nodeId && ++reports === 3, 60_000);
    const firstExpiry = Date.parse(joined.time) + 12_000;
    expect(Date.parse(renewedTwice.time)).toBeGreaterThan(firstExpiry);
    const current = decode((await readFile(path.join(stack.home('long'), 'nats-user.jwt'), 'utf8')).trim());
    expect(current.sub).toBe(nodeId);
    expect(current.exp! * 1000).toBeGreaterThan(firstExpiry);

    const submitted = await stack.api('POST', '/v1/jobs', {
      token: apiKey,
      body: { budget: '10', priority: 'normal', type: 'inference', model: 'penguins-mlp', dataset: 'penguins', params: { batchRows: 100 } },
    });
    expect(submitted.status).toBe(202);
    await waitForEvent<JobCompletedData>(stack.log, JobCompleted.type, (d) => d.jobId === submitted.body.id, 100_000);
  });
});
