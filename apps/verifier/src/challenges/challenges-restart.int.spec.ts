import { encodeColumnSums, solveChallenge } from '@corex/compute';
import { ChallengeIssued, ChallengeJudged, FraudDetected, NodeBenchmarked, subjects, type ChallengeIssuedData, type ChallengeJudgedData } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { challengeStartReplySchema } from '@corex/node-protocol';
import { disposeTestLog, NATS_URL, openTestLog } from '../../../../test/support/infra';
import { ProtocolNode } from '../../../../test/support/protocol-node';
import { eventsOfType, waitForEvent } from '../../../../test/support/wait-for-event';
import { verifierConfigSchema } from '../config';
import { startVerifier, type RunningVerifier } from '../start-verifier';

jest.setTimeout(60_000);

describe('benchmark challenges across verifier restarts (real NATS)', () => {
  let log: EventLog;
  let verifier: RunningVerifier | undefined;

  beforeEach(async () => {
    log = await openTestLog('verifier', 'chr');
  });
  afterEach(async () => {
    await verifier?.close();
    verifier = undefined;
    await disposeTestLog(log);
  });

  function start(overrides: Record<string, string> = {}): Promise<RunningVerifier> {
    const { stream, prefix } = log.store.names;
    const env = { NATS_URL, COREX_STREAM: stream, COREX_SUBJECT_PREFIX: prefix, LOG_LEVEL: 'silent', COREX_VERIFIER_TICK_MS: '50', ...overrides };
    return startVerifier(verifierConfigSchema.parse(env));
  }

  async function benchmarked(node: ProtocolNode): Promise<void> {
    const benchmark = { kind: 'matmul-f32' as const, size: 256, iterations: 10, durationMs: 100, gflops: node.gflops, executionProvider: 'cpu' };
    const data = { nodeId: node.nodeId, benchmark, hardware: node.hardware, reportHash: 'c'.repeat(64), signature: 'sig', benchmarkedAt: new Date().toISOString() };
    await log.store.append(subjects.node(node.nodeId), [{ type: NodeBenchmarked.type, data }], 0);
  }

  it('gives a node benchmarked while the verifier was down, never challenged, its join challenge once the verifier has read the log', async () => {
    const node = new ProtocolNode(log, ProtocolNode.hardware(2 ** 30), 1);
    await benchmarked(node);
    verifier = await start({ CHALLENGE_INTERVAL_MS: '600000' });
    const issued = await waitForEvent<ChallengeIssuedData>(log, ChallengeIssued.type, (d) => d.nodeId === node.nodeId);
    expect(issued.data.reason).toBe('join');
  });

  it('starts a challenge over when the verifier restarts after its start: the answer is judged expired, never fraud', async () => {
    verifier = await start();
    const node = new ProtocolNode(log, ProtocolNode.hardware(2 ** 30), 1);
    const issuedEvent = waitForEvent<ChallengeIssuedData>(log, ChallengeIssued.type, (d) => d.nodeId === node.nodeId);
    await benchmarked(node);
    const { challengeId } = (await issuedEvent).data;
    const started = challengeStartReplySchema.parse(await node.request('challenge', node.signed('challenge-start', { challengeId })));
    if (!started.ok) throw new Error(started.code);

    await verifier.close();
    verifier = await start();
    const sums = encodeColumnSums(await solveChallenge(started.seed, started.size));
    // The restarted verifier answers once it has read the log back (the challenge is open again).
    let reply: { ok: boolean; outcome?: string; code?: string } = { ok: false };
    for (let attempt = 0; attempt < 100 && !reply.ok; attempt++) {
      reply = await node.request('challengeResult', node.signed('challenge-result', { challengeId, columnSums: sums }));
      if (!reply.ok) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(reply).toEqual({ ok: true, outcome: 'expired' });
    const judged = await waitForEvent<ChallengeJudgedData>(log, ChallengeJudged.type, (d) => d.challengeId === challengeId);
    expect(judged.data).toMatchObject({ outcome: 'expired', measuredGflops: null });
    expect(await eventsOfType(log, FraudDetected.type)).toEqual([]);
  });
});
