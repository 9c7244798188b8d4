import { NodeRegistered, StakeChanged, subjects } from '@corex/events';
import { startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';

const NODE = 'S'.padEnd(56, 'A');
const hardware = { cpuModel: 'cpu', cpuCores: 2, memoryBytes: 1024, gpus: [], executionProviders: ['cpu'], os: 'linux', arch: 'x64' };
const stake = (block: number, active: string, boostBps: number, verifier: boolean) => ({
  type: StakeChanged.type,
  id: `chain:31337:0x${String(block).padStart(64, '0')}:0`,
  data: { nodeId: NODE, nodeKey: `0x${'1'.repeat(64)}`, staker: `0x${'2'.repeat(40)}`, active, pending: '0', boostBps, verifier, block, txHash: `0x${String(block).padStart(64, '0')}` },
});

describe('stake on the node view and minStake on jobs', () => {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    h = await startHarness();
    token = (await h.createAccount('acme')).apiKey;
  });
  afterAll(async () => h.close());

  it('shows a node’s stake, boost and verifier flag as the chain last reported them, null before any stake', async () => {
    const seq = await h.append(subjects.node(NODE), [{ type: NodeRegistered.type, data: { nodeId: NODE, name: 'rig', hardware, runnerVersion: '1', registeredAt: '2026-11-30T00:00:00.000Z' } }]);
    await h.settle(seq, ['marketplace.nodes']);
    expect((await h.request('GET', `/v1/nodes/${NODE}`, { token })).body.stake).toBeNull();
    await h.append(subjects.stake(NODE), [stake(9, '100000000000000000000000', 30_000, true)]);
    // A late fact of an older block does not overwrite the newer one.
    const last = await h.append(subjects.stake(NODE), [stake(8, '1000000000000000000000', 11_000, false)]);
    await h.settle(last, ['marketplace.node_stakes']);
    const res = await h.request('GET', `/v1/nodes/${NODE}`, { token });
    expect(res.status).toBe(200);
    expect(res.body.stake).toEqual({ active: '100000000000000000000000', pending: '0', boostBps: 30_000, verifier: true, staker: `0x${'2'.repeat(40)}`, block: 9, txHash: `0x${'9'.padStart(64, '0')}` });
  });

  it('refuses a job whose requirements.minStake is not a CXT amount, naming the field, and appends nothing', async () => {
    const before = await h.eventCount();
    const res = await h.request('POST', '/v1/jobs', { token, body: { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5', requirements: { minStake: '-5' } } });
    expectProblem(res, 400, 'REQUEST.INVALID_BODY');
    expect(res.body.details.issues).toEqual([expect.objectContaining({ path: 'requirements.minStake' })]);
    expect(await h.eventCount()).toBe(before);
  });

  it('records a valid minStake with the job: its nodes must hold that stake', async () => {
    const res = await h.request('POST', '/v1/jobs', { token, body: { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5', requirements: { minStake: '1000.5' } } });
    expect(res.status).toBe(202);
    const job = await h.request('GET', `/v1/jobs/${res.body.id}`, { token });
    expect(job.body.requirements).toEqual({ minStake: '1000.5' });
  });
});
