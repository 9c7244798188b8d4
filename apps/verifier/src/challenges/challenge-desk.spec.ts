import pino from 'pino';
import { ChallengeIssued, ChallengeJudged, NodeBenchmarked, ReputationChanged, type EventEnvelope, type NewEvent, type StoredEvent } from '@corex/events';
import type { EventStore } from '@corex/eventstore';
import { ChallengeDesk } from './challenge-desk';

const NODE = 'U'.padEnd(56, 'B');

/** An in-memory store: every append succeeds and is remembered. */
function fakeStore() {
  const appended: StoredEvent[] = [];
  let seq = 0;
  const store = {
    append: async (subject: string, events: NewEvent[]) => {
      const stored = events.map((e) => ({ seq: ++seq, event: { id: e.id, type: e.type, subject, data: e.data } as EventEnvelope }));
      appended.push(...stored);
      return { version: seq, events: stored, duplicate: false };
    },
  };
  return { store: store as unknown as EventStore, appended };
}

function benchmarked(gflops = 1): StoredEvent {
  return { seq: 1000, event: { id: 'b1', type: NodeBenchmarked.type, subject: `node.${NODE}`, data: { nodeId: NODE, benchmark: { gflops } } } as EventEnvelope };
}

function setup() {
  let now = 1_000_000;
  const { store, appended } = fakeStore();
  const desk = new ChallengeDesk({ store, logger: pino({ level: 'silent' }), intervalMs: 600_000, nowMs: () => now, random: () => 0.5 });
  const judged = () => appended.filter((s) => s.event.type === ChallengeJudged.type).map((s) => s.event.data as { outcome: string; elapsedMs: number | null });
  const issued = () => appended.filter((s) => s.event.type === ChallengeIssued.type).map((s) => s.event.data as { challengeId: string; reason: string });
  return { desk, appended, judged, issued, advance: (ms: number) => (now += ms) };
}

describe('ChallengeDesk', () => {
  it('issues no join challenge for benchmarks read back at start-up, one for each seen live', async () => {
    const { desk, issued } = setup();
    await desk.onEvent(benchmarked(), false);
    expect(issued()).toEqual([]);
    await desk.onEvent(benchmarked(), true);
    expect(issued()).toMatchObject([{ reason: 'join' }]);
    // One open challenge per node: another benchmark meanwhile adds none.
    await desk.onEvent(benchmarked(), true);
    expect(issued()).toHaveLength(1);
  });

  it('challenges at going live a node whose benchmark was read back at start-up and never challenged, and not one already challenged', async () => {
    const { desk, issued } = setup();
    await desk.onEvent(benchmarked(), false);
    await desk.goLive();
    expect(issued()).toMatchObject([{ reason: 'join' }]);
    const again = setup();
    await again.desk.onEvent(benchmarked(), false);
    const challenged = { seq: 1001, event: { id: 'c1', type: ChallengeIssued.type, subject: 'challenge.c1', data: { ...(issued()[0] as object), challengeId: 'c1' } } as EventEnvelope };
    await again.desk.onEvent(challenged, false);
    await again.desk.goLive();
    expect(again.issued()).toEqual([]);
  });

  it('expires a challenge not started within 60 s of its issue, and refuses its start from then on', async () => {
    const { desk, issued, judged, advance } = setup();
    await desk.onEvent(benchmarked(), true);
    const [{ challengeId }] = issued();
    advance(60_001);
    expect(desk.start(NODE, challengeId)).toMatchObject({ ok: false, code: 'NODE.CHALLENGE_CLOSED' });
    await desk.tick();
    expect(judged()).toMatchObject([{ outcome: 'expired', elapsedMs: null }]);
    expect(desk.start(NODE, challengeId)).toMatchObject({ ok: false, code: 'NODE.CHALLENGE_CLOSED' });
  });

  it('expires a started challenge not answered within its deadline, and judges a late answer expired', async () => {
    const { desk, issued, judged, advance } = setup();
    await desk.onEvent(benchmarked(), true);
    const [{ challengeId }] = issued();
    expect(desk.start(NODE, challengeId)).toMatchObject({ ok: true, size: 500, deadlineMs: 10_000 });
    const now = advance(10_001);
    expect(await desk.answer(NODE, challengeId, '', 'h'.repeat(64), now)).toEqual({ ok: true, outcome: 'expired' });
    expect(judged()).toMatchObject([{ outcome: 'expired', elapsedMs: 10_001 }]);
  });

  it('draws random challenges at the rate of the node reputation once live', async () => {
    const { desk, issued, advance } = setup();
    await desk.onEvent(benchmarked(), false);
    await desk.onEvent({ seq: 1001, event: { id: 'r', type: ReputationChanged.type, subject: `reputation.${NODE}`, data: { nodeId: NODE, score: 1 } } as EventEnvelope }, false);
    // Its join challenge was issued and judged before this start.
    const join = { challengeId: 'c0', nodeId: NODE, reason: 'join', size: 64, seed: '0'.repeat(64), claimedGflops: 1, deadlineMs: 10_000, issuedAt: new Date(0).toISOString() };
    await desk.onEvent({ seq: 1002, event: { id: 'i0', type: ChallengeIssued.type, subject: 'challenge.c0', data: join } as EventEnvelope }, false);
    await desk.onEvent({ seq: 1003, event: { id: 'j0', type: ChallengeJudged.type, subject: 'challenge.c0', data: { challengeId: 'c0', nodeId: NODE, outcome: 'confirmed', elapsedMs: 5 } } as EventEnvelope }, false);
    await desk.goLive();
    await desk.tick();
    // random() = 0.5: the delay is ln 2 of the mean, 2 h at reputation 1.
    advance(Math.round(7_200_000 * Math.LN2) - 1);
    await desk.tick();
    expect(issued()).toEqual([]);
    advance(2);
    await desk.tick();
    expect(issued()).toMatchObject([{ reason: 'random' }]);
  });
});
