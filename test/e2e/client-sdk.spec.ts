import { keccak256 } from 'ethers';
import { createBridgeClient, createCorexClient, CorexProblemError, jobFinished, ok, putSpec, type BridgeClient, type CorexClient } from '@corex/client';
import { STACK_ADMIN_TOKEN, startStack, type Stack } from '../support/stack';
import { startStackBridge, type StackBridge } from '../support/stack-bridge';

jest.setTimeout(120_000);

/** An enterprise's path through @corex/client against the whole stack: account, catalog, a job followed live, its result, cost and nodes, a refusal; and the bridge's routes. */
describe('@corex/client on the real stack', () => {
  let stack: Stack;
  let client: CorexClient;
  let bridge: StackBridge['bridge'];
  let closeBridge: StackBridge['close'] | undefined;
  let bridgeClient: BridgeClient;

  beforeAll(async () => {
    stack = await startStack({ trust: false });
    // No deployment file: the bridge follows no chain and serves its HTTP API.
    ({ bridge, close: closeBridge } = await startStackBridge(stack));
    bridgeClient = createBridgeClient({ baseUrl: bridge.url });
    stack.spawnNodeRunner(['start', '--json', '--home', stack.home('a'), '--name', 'node-a', '--slots', '2']);
    const admin = createCorexClient({ baseUrl: stack.marketplace.url, apiKey: STACK_ADMIN_TOKEN });
    const account = await ok(admin.POST('/v1/accounts', { body: { name: 'sdk-customer' } }));
    client = createCorexClient({ baseUrl: stack.marketplace.url, apiKey: account.apiKey });
  });
  afterAll(async () => {
    await closeBridge?.();
    await stack?.close();
  });

  it('lists the catalog, runs an inference job followed live to its result, and reads its cost and the nodes that ran it', async () => {
    const catalog = await ok(client.GET('/v1/catalog'));
    expect(catalog.models.map((m) => m.id)).toContain('penguins-mlp');
    expect(catalog.datasets.map((d) => d.id)).toContain('penguins');

    const submitted = await ok(client.POST('/v1/jobs', { body: { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '10', params: { batchRows: 50 } } }));
    const job = await jobFinished(client, submitted.id);
    expect(job).toMatchObject({ id: submitted.id, status: 'completed', progress: { fragments: { planned: 7, completed: 7 } } });

    const result = await ok(client.GET('/v1/jobs/{id}/result', { params: { path: { id: job.id } } }));
    expect(result).toMatchObject({ kind: 'predictions', predictions: expect.any(Array) });

    // No staking service in this stack: nothing is rewarded yet, and the budget is all there is to cost.
    const cost = await ok(client.GET('/v1/jobs/{id}/cost', { params: { path: { id: job.id } } }));
    expect(cost.cost).toEqual({ budget: (10n * 10n ** 18n).toString(), spent: '0', rewardedFragments: 0 }); // in wei

    await stack.marketplace.waitForProjection('marketplace.fragment_verifications', (await stack.log.store.read(`job.${job.id}`)).version);
    const fragments = await ok(client.GET('/v1/jobs/{id}/fragments', { params: { path: { id: job.id } } }));
    expect(fragments.items).toHaveLength(7);
    const { fragmentId, nodeId } = fragments.items[0]!;
    await stack.marketplace.waitForProjection('marketplace.assignments', (await stack.log.store.read(`fragment.${fragmentId}`)).version);
    const assignment = await ok(client.GET('/v1/nodes/{nodeId}/assignments/{fragmentId}', { params: { path: { nodeId: nodeId!, fragmentId } } }));
    expect(assignment).toMatchObject({ jobId: job.id, fragmentId, outcome: 'completed' });
    const node = await ok(client.GET('/v1/nodes/{id}', { params: { path: { id: nodeId! } } }));
    expect(node.id).toBe(nodeId);
  });

  it('answers a refused submission with the typed problem and its stable code', async () => {
    const { data, error, response } = await client.POST('/v1/jobs', { body: { type: 'inference', model: 'penguins-mlp', dataset: 'no-such-dataset', budget: '10' } });
    expect({ data, status: response.status, code: error?.code }).toEqual({ data: undefined, status: 400, code: 'JOB.DATASET_UNKNOWN' });
    const thrown = await ok(client.GET('/v1/jobs/{id}', { params: { path: { id: 'no-such-job' } } })).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(CorexProblemError);
    expect(thrown).toMatchObject({ status: 404, code: 'JOB.NOT_FOUND' });
  });

  it("stores a Solana task's spec at the bridge under its keccak256, once, and answers an unknown task with its problem", async () => {
    const spec = new TextEncoder().encode(JSON.stringify({ type: 'inference', model: 'penguins-mlp', dataset: 'penguins' }));
    const hash = keccak256(spec);
    const first = await putSpec(bridgeClient, hash, spec);
    expect({ status: first.response.status, data: first.data }).toEqual({ status: 201, data: { hash, bytes: spec.length } });
    expect((await putSpec(bridgeClient, hash, spec)).response.status).toBe(200);
    const mismatch = await putSpec(bridgeClient, hash, new TextEncoder().encode('{}'));
    expect({ status: mismatch.response.status, code: mismatch.error?.code }).toEqual({ status: 400, code: 'BRIDGE.SPEC_HASH_MISMATCH' });

    const unknown = await ok(bridgeClient.GET('/v1/tasks/{taskId}', { params: { path: { taskId: `0x${'ab'.repeat(32)}` } } })).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 404, code: 'BRIDGE.UNKNOWN_TASK' });
  });
});
