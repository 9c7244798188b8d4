import {
  FragmentRejected,
  FragmentVerified,
  FraudDetected,
  NodeRegistered,
  NodeSlashed,
  NodeSuspended,
  ReplicaPlanned,
  ReputationChanged,
  subjects,
  TierChanged,
  VerificationEscalated,
  type NewEvent,
} from '@corex/events';
import { evidenceHash, SPOT_CHECK_MIN, verificationQuote } from '@corex/verification-domain';
import { startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';
import { hashOf, NODE_A, NODE_B, work } from './work-events';

const NOW = new Date('2026-11-26T09:30:00.000Z');
const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 9, minute)).toISOString();
const inference = { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5' };
const evidence = { check: 'sampled-rows', expected: hashOf('4'), got: hashOf('5'), hashes: { lease: 'l-f2' }, detail: 'row 3 differs by 0.4' };
const judged = (jobId: string, fragmentId: string, leaseId: string, nodeId = NODE_A) => ({ fragmentId, jobId, nodeId, leaseId, resultHash: hashOf('3') });
const check = { check: 'sampled-rows', outcome: 'pass' as const, metrics: { rows: 8 } };

const verdicts = {
  verified: (jobId: string, fragmentId: string, leaseId: string, nodeId = NODE_A, method: 'sampled-rows' | 'replica' = 'sampled-rows'): NewEvent => ({
    type: FragmentVerified.type,
    data: { ...judged(jobId, fragmentId, leaseId, nodeId), method, sampled: true, checks: [check], cost: { flops: 1000, ms: 2 }, verifiedAt: at(5) },
  }),
  rejected: (jobId: string, fragmentId: string, leaseId: string): NewEvent => ({
    type: FragmentRejected.type,
    data: { ...judged(jobId, fragmentId, leaseId), reason: 'inconclusive twice', checks: [{ ...check, outcome: 'inconclusive' }], cost: { flops: 500, ms: 1 }, rejectedAt: at(5) },
  }),
  escalated: (jobId: string, fragmentId: string, leaseId: string): NewEvent => ({
    type: VerificationEscalated.type,
    data: { ...judged(jobId, fragmentId, leaseId), check: 'gradient-norm', reason: 'norm 12x the median', escalatedAt: at(5) },
  }),
  fraud: (jobId: string, fragmentId: string, leaseId: string): NewEvent => ({
    type: FraudDetected.type,
    data: { fraudId: `fraud-wrong-output-${leaseId}`, nodeId: NODE_B, kind: 'wrong-output', jobId, fragmentId, leaseId, evidence, evidenceHash: evidenceHash(evidence), detectedAt: at(6) },
  }),
};

describe('trust on the job and node views', () => {
  let h: Harness;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    h = await startHarness({ now: () => NOW });
    alice = (await h.createAccount('alice')).apiKey;
    bob = (await h.createAccount('bob')).apiKey;
  });
  afterAll(async () => h.close());

  it('quotes the verification policy in the submission response and records it with the job', async () => {
    const res = await h.request('POST', '/v1/jobs', { token: alice, body: { ...inference, verification: { mode: 'spot-check', rate: 0.2 } } });
    expect(res.status).toBe(202);
    const policy = { mode: 'spot-check', rate: 0.2 } as const;
    expect(res.body.verification).toEqual({ policy, quote: verificationQuote(policy, { budget: '5' }) });
    expect(res.body.verification.quote).toMatchObject({ extraCost: '1', detectionPerFragment: 0.2 });
    const [stored] = (await h.log.store.read(subjects.job(res.body.id))).events;
    expect((stored!.event.data as { verification: unknown }).verification).toEqual(policy);
    expect((await h.request('GET', `/v1/jobs/${res.body.id}`, { token: alice })).body.verification.policy).toEqual(policy);
  });

  it('quotes adaptive when no policy is sent, and records none', async () => {
    const res = await h.request('POST', '/v1/jobs', { token: alice, body: inference });
    expect(res.body.verification.policy).toEqual({ mode: 'adaptive' });
    expect(res.body.verification.quote.detectionPerFragment).toBe(SPOT_CHECK_MIN);
    const [stored] = (await h.log.store.read(subjects.job(res.body.id))).events;
    expect(stored!.event.data).not.toHaveProperty('verification');
  });

  it.each([
    ['an unknown mode', { mode: 'blockchain' }],
    ['a rate out of range', { mode: 'spot-check', rate: 2 }],
    ['an unknown field', { mode: 'redundancy', factor: 2, nodes: 5 }],
  ])('refuses %s with 400 JOB.VERIFICATION_INVALID and records nothing', async (_what, verification) => {
    const before = await h.eventCount();
    const res = await h.request('POST', '/v1/jobs', { token: alice, body: { ...inference, verification } });
    expectProblem(res, 400, 'JOB.VERIFICATION_INVALID');
    expect(res.body.details.issues[0].path).toMatch(/^verification/);
    expect(await h.eventCount()).toBe(before);
  });

  it('shows the job’s fragments by verdict, what checking cost, and each fragment’s outcome, to its owner only', async () => {
    const jobId = (await h.request('POST', '/v1/jobs', { token: alice, body: { ...inference, verification: { mode: 'redundancy' } } })).body.id;
    const frag = (n: number) => `${jobId}-f${n}`;
    await h.append(subjects.job(jobId), [work.planned(jobId, [1, 2, 3, 4, 5].map((n) => ({ id: frag(n), rows: 10 })))]);
    for (const n of [1, 2, 3, 4]) await h.append(subjects.fragment(frag(n)), [work.fragmentCompleted(jobId, frag(n), `l-f${n}`, 10, n === 2 ? NODE_B : NODE_A)]);
    const replica = `${frag(1)}-r1`;
    await h.append(subjects.fragment(replica), [
      { type: ReplicaPlanned.type, data: { fragmentId: replica, replicaOf: frag(1), jobId, index: 0, rowRange: [0, 10], size: { rows: 10, flops: 1000, memoryBytes: 4096 }, task: { kind: 'gradient', graphHash: hashOf('1'), weightsHash: null, inputHash: hashOf('2'), auxHash: null, outputs: ['loss'], rows: 10 }, excludeNodes: [NODE_A], reason: 'policy', plannedAt: at(3) } },
      work.fragmentCompleted(jobId, replica, 'l-r1', 10, NODE_B),
    ]);
    await h.append(subjects.verification(frag(1)), [verdicts.verified(jobId, frag(1), 'l-f1', NODE_A, 'replica'), verdicts.verified(jobId, replica, 'l-r1', NODE_B, 'replica')]);
    await h.append(subjects.verification(frag(2)), [verdicts.fraud(jobId, frag(2), 'l-f2')]);
    await h.append(subjects.verification(frag(3)), [verdicts.rejected(jobId, frag(3), 'l-f3')]);
    const last = await h.append(subjects.verification(frag(4)), [verdicts.escalated(jobId, frag(4), 'l-f4')]);
    await h.settle(last, ['marketplace.jobs', 'marketplace.fragment_verifications']);

    const job = await h.request('GET', `/v1/jobs/${jobId}`, { token: alice });
    expect(job.body.verification).toEqual({
      policy: { mode: 'redundancy', factor: 2 },
      quote: verificationQuote({ mode: 'redundancy', factor: 2 }, { budget: '5' }),
      cost: { flops: 2500, ms: 5 },
      fragments: { verified: 1, fraud: 1, rejected: 1, escalated: 1, pending: 1 },
    });

    const page = await h.request('GET', `/v1/jobs/${jobId}/fragments`, { token: alice });
    expect(page.status).toBe(200);
    expect(page.body.items.map((f: any) => [f.fragmentId, f.verification.outcome])).toEqual([
      [frag(1), 'verified'],
      [frag(2), 'fraud'],
      [frag(3), 'rejected'],
      [frag(4), 'escalated'],
    ]);
    expect(page.body.items[0]).toEqual({
      fragmentId: frag(1),
      nodeId: NODE_A,
      verification: { outcome: 'verified', method: 'replica', checks: [check], cost: { flops: 2000, ms: 4 }, attempts: { fraud: 0, rejected: 0, escalated: 0 } },
      replicas: [{ fragmentId: replica, nodeId: NODE_B, outcome: 'verified' }],
    });
    expect(page.body.items[1].verification).toMatchObject({ method: null, checks: [{ check: 'sampled-rows', outcome: 'fail' }], attempts: { fraud: 1 } });

    expectProblem(await h.request('GET', `/v1/jobs/${jobId}/fragments`, { token: bob }), 404, 'JOB.NOT_FOUND');
    expectProblem(await h.request('GET', `/v1/jobs/${jobId}`, { token: bob }), 404, 'JOB.NOT_FOUND');
  });

  it('shows a node’s reputation, tier, suspension and a violation with its slash, matched by evidence hash in any case', async () => {
    const hash = evidenceHash(evidence);
    const nodeSeq = await h.append(subjects.node(NODE_B), [{ type: NodeRegistered.type, data: { nodeId: NODE_B, name: 'rig-b', hardware, runnerVersion: '1', registeredAt: at(0) } }]);
    const components = { performance: 0.7, uptime: 1, latency: 1, load: 1, history: 0.5, violations: 0.5 };
    const repSeq = await h.append(subjects.reputation(NODE_B), [
      { type: ReputationChanged.type, data: { nodeId: NODE_B, score: 0.4, previous: 0.8, components, indicators: { verified: 3, frauds: 1, confirmedGflops: null }, reason: 'fraud', changedAt: at(6) } },
      { type: TierChanged.type, data: { nodeId: NODE_B, from: 'standard', to: 'edge', reason: 'fraud', changedAt: at(6) } },
      { type: NodeSuspended.type, data: { nodeId: NODE_B, until: at(40), reason: 'fraud', fraudIds: ['fraud-wrong-output-l-f2'], suspendedAt: at(6) } },
    ]);
    const slashTx = `0x${'AB'.repeat(32)}`;
    const slashSeq = await h.append(subjects.stake(NODE_B), [
      { type: NodeSlashed.type, data: { nodeId: NODE_B, nodeKey: `0x${'1'.repeat(64)}`, amount: '1000000000000000000', evidenceHash: hash.toUpperCase().replace('0X', '0x'), treasury: `0x${'3'.repeat(40)}`, block: 77, txHash: slashTx } },
    ]);
    await h.settle(repSeq, ['marketplace.node_reputation']);
    await h.settle(slashSeq, ['marketplace.node_violations']);
    await h.settle(nodeSeq, ['marketplace.nodes']);

    const res = await h.request('GET', `/v1/nodes/${NODE_B}`, { token: bob });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'suspended',
      reputation: { score: 0.4, components, indicators: { verified: 3, frauds: 1, confirmedGflops: null }, updatedAt: at(6) },
      tier: 'edge',
      standing: { status: 'suspended', until: at(40), reason: 'fraud' },
    });
    expect(res.body.violations).toEqual([
      {
        fraudId: 'fraud-wrong-output-l-f2',
        kind: 'wrong-output',
        detectedAt: at(6),
        jobId: expect.any(String),
        fragmentId: expect.stringMatching(/-f2$/),
        evidenceHash: hash,
        evidence,
        slash: { txHash: slashTx.toLowerCase(), amount: '1000000000000000000', block: 77 },
      },
    ]);
  });

  it('shows a node never judged as active, unranked and clean', async () => {
    const seq = await h.append(subjects.node(NODE_A), [{ type: NodeRegistered.type, data: { nodeId: NODE_A, name: 'rig-a', hardware, runnerVersion: '1', registeredAt: at(0) } }]);
    await h.settle(seq, ['marketplace.nodes']);
    const res = await h.request('GET', `/v1/nodes/${NODE_A}`, { token: alice });
    expect(res.body).toMatchObject({ status: 'registered', reputation: null, tier: null, standing: { status: 'active', until: null, reason: null }, violations: [] });
  });

  it('rebuilds the trust read models into exactly the live ones', async () => {
    for (const [name, table] of [
      ['marketplace.fragment_verifications', 'fragment_id'],
      ['marketplace.node_reputation', 'node_id'],
      ['marketplace.node_violations', 'evidence_hash'],
      ['marketplace.jobs', 'id'],
    ] as const) {
      const read = () => h.query(`SELECT * FROM ${name} ORDER BY ${table}`);
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

const hardware = { cpuModel: 'cpu', cpuCores: 2, memoryBytes: 1024, gpus: [], executionProviders: ['cpu'], os: 'linux', arch: 'x64' };
