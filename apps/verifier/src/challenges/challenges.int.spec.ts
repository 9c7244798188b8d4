import { encodeColumnSums, solveChallenge } from '@corex/compute';
import { ChallengeIssued, ChallengeJudged, FraudDetected, NodeBenchmarked, subjects, type ChallengeIssuedData, type ChallengeJudgedData, type FraudDetectedData } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { challengeResultReplySchema, challengeStartReplySchema, nodeErrorCodes } from '@corex/node-protocol';
import { disposeTestLog, NATS_URL, openTestLog } from '../../../../test/support/infra';
import { ProtocolNode } from '../../../../test/support/protocol-node';
import { waitForEvent } from '../../../../test/support/wait-for-event';
import { verifierConfigSchema } from '../config';
import { startVerifier, type RunningVerifier } from '../start-verifier';

jest.setTimeout(60_000);

describe('benchmark challenges (verifier, real NATS)', () => {
  let log: EventLog;
  let verifier: RunningVerifier;

  beforeAll(async () => {
    log = await openTestLog('verifier', 'chl');
    const { stream, prefix } = log.store.names;
    // Random challenges every 10 min: only the join challenges come during the test.
    const env = { NATS_URL, COREX_STREAM: stream, COREX_SUBJECT_PREFIX: prefix, LOG_LEVEL: 'silent', COREX_VERIFIER_TICK_MS: '50' };
    verifier = await startVerifier(verifierConfigSchema.parse(env));
  });

  afterAll(async () => {
    await verifier?.close();
    await disposeTestLog(log);
  });

  /** A node joins claiming `gflops`, as the scheduler records it; resolves with its join challenge. */
  async function join(gflops: number): Promise<{ node: ProtocolNode; challenge: ChallengeIssuedData }> {
    const node = new ProtocolNode(log, ProtocolNode.hardware(8 * 2 ** 30), gflops);
    // A 1e6 GFLOP/s claim gets the largest challenge: its answer is checked on 8 columns of 4096² matrices drawn again.
    node.requestTimeoutMs = 60_000;
    const benchmark = { kind: 'matmul-f32' as const, size: 256, iterations: 10, durationMs: 100, gflops, executionProvider: 'cpu' };
    const data = { nodeId: node.nodeId, benchmark, hardware: node.hardware, reportHash: 'c'.repeat(64), signature: 'sig', benchmarkedAt: new Date().toISOString() };
    const issued = waitForEvent<ChallengeIssuedData>(log, ChallengeIssued.type, (d) => d.nodeId === node.nodeId);
    await log.store.append(subjects.node(node.nodeId), [{ type: NodeBenchmarked.type, data }], 0);
    return { node, challenge: (await issued).data };
  }

  /** The honest node's side: start, compute in onnxruntime, answer. */
  async function answer(node: ProtocolNode, challengeId: string) {
    const start = challengeStartReplySchema.parse(await node.request('challenge', node.signed('challenge-start', { challengeId })));
    if (!start.ok) throw new Error(`start refused: ${start.code}`);
    const sums = await solveChallenge(start.seed, start.size);
    const reply = await node.request('challengeResult', node.signed('challenge-result', { challengeId, columnSums: encodeColumnSums(sums) }));
    return { start, reply: challengeResultReplySchema.parse(reply) };
  }

  it('confirms a node that answers its join challenge correctly and at the speed it claimed', async () => {
    // 1 GFLOP/s claimed: a size-500 challenge, 0.25 GFLOP; onnxruntime does it many times faster.
    const { node, challenge } = await join(1);
    expect(challenge).toMatchObject({ reason: 'join', size: 500, claimedGflops: 1, deadlineMs: 10_000 });
    const { start, reply } = await answer(node, challenge.challengeId);
    expect(start).toMatchObject({ seed: challenge.seed, size: 500 });
    expect(reply).toEqual({ ok: true, outcome: 'confirmed' });
    const judged = await waitForEvent<ChallengeJudgedData>(log, ChallengeJudged.type, (d) => d.challengeId === challenge.challengeId);
    expect(judged.subject).toBe(subjects.challenge(challenge.challengeId));
    expect(judged.data).toMatchObject({ outcome: 'confirmed', nodeId: node.nodeId, checkedColumns: 8 });
    expect(judged.data.measuredGflops).toBeGreaterThan(1 / 3);
    expect(judged.data.maxRelativeError).toBeLessThan(1e-3);
  });

  it('finds a node claiming 1e6 GFLOP/s overclaiming, with a FraudDetected holding claimed vs measured', async () => {
    const { node, challenge } = await join(1e6);
    expect(challenge.size).toBe(1536);
    const { reply } = await answer(node, challenge.challengeId);
    expect(reply).toEqual({ ok: true, outcome: 'overclaim' });
    const fraud = await waitForEvent<FraudDetectedData>(log, FraudDetected.type, (d) => d.challengeId === challenge.challengeId);
    expect(fraud.subject).toBe(subjects.challenge(challenge.challengeId));
    expect(fraud.data).toMatchObject({ kind: 'benchmark-overclaim', nodeId: node.nodeId, fraudId: `fraud-benchmark-overclaim-${challenge.challengeId}` });
    expect(fraud.data.evidence.detail).toContain('size 1536');
    expect(fraud.data.evidence.hashes['seed']).toBe(challenge.seed);
    expect(fraud.data.evidenceHash).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('refuses another node starting the challenge, and an answer after the judgement', async () => {
    const { node, challenge } = await join(1);
    const stranger = new ProtocolNode(log, ProtocolNode.hardware(2 ** 30));
    const refused = await stranger.request('challenge', stranger.signed('challenge-start', { challengeId: challenge.challengeId }));
    expect(refused).toMatchObject({ ok: false, code: nodeErrorCodes.UNKNOWN_CHALLENGE });
    await answer(node, challenge.challengeId);
    const again = await node.request('challengeResult', node.signed('challenge-result', { challengeId: challenge.challengeId, columnSums: '' }));
    expect(again).toMatchObject({ ok: false, code: nodeErrorCodes.CHALLENGE_CLOSED });
  });

  it('calls a wrong answer wrong, naming a column it checked', async () => {
    const { node, challenge } = await join(1);
    const start = challengeStartReplySchema.parse(await node.request('challenge', node.signed('challenge-start', { challengeId: challenge.challengeId })));
    if (!start.ok) throw new Error(start.code);
    const sums = (await solveChallenge(start.seed, start.size)).map((v) => v * 1.01);
    const reply = await node.request('challengeResult', node.signed('challenge-result', { challengeId: challenge.challengeId, columnSums: encodeColumnSums(sums) }));
    expect(reply).toEqual({ ok: true, outcome: 'wrong' });
    const fraud = await waitForEvent<FraudDetectedData>(log, FraudDetected.type, (d) => d.challengeId === challenge.challengeId);
    expect(fraud.data.kind).toBe('wrong-challenge');
    expect(fraud.data.evidence.expected).toMatch(/^column \d+: /);
  });
});
