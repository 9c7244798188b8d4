import { subjects } from '@corex/events';
import { startStack, type Stack } from '../support/stack';

describe('a node joins the network', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack.close());

  it('shows the joined node with its hardware and signed benchmark through the REST API', async () => {
    const run = await stack.nodeRunner(['join', '--json', '--home', stack.home('n1'), '--name', 'e2e-node']);
    expect(run.code).toBe(0);
    const joined = JSON.parse(run.stdout);
    const { apiKey } = await stack.createAccount();

    const { version } = await stack.log.store.read(subjects.node(joined.nodeId));
    await stack.marketplace.waitForProjection('marketplace.nodes', version);
    const node = await stack.api('GET', `/v1/nodes/${joined.nodeId}`, { token: apiKey });
    expect(node.status).toBe(200);
    expect(node.body).toMatchObject({
      id: joined.nodeId,
      name: 'e2e-node',
      status: 'benchmarked',
      benchmarkCount: 1,
      hardware: { cpuCores: expect.any(Number), memoryBytes: expect.any(Number), executionProviders: expect.arrayContaining(['cpu']) },
      benchmark: { kind: 'matmul-f32', gflops: expect.any(Number), reportHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(node.body.benchmark.gflops).toBeGreaterThan(0);
  });

  it('answers 404 problem for an unknown node', async () => {
    const { apiKey } = await stack.createAccount('other');
    const res = await stack.api('GET', '/v1/nodes/UNKNOWN', { token: apiKey });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NODE.NOT_FOUND');
  });
});
