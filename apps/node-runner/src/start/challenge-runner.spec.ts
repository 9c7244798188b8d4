import pino from 'pino';
import { ChallengeRunner, type ChallengeClient } from './challenge-runner';

function fakeClient(outcome: 'confirmed' | 'slow' = 'confirmed') {
  const calls: string[] = [];
  const client: ChallengeClient = {
    start: async (challengeId) => {
      calls.push(`start ${challengeId}`);
      return { ok: true, challengeId, seed: '0'.repeat(64), size: 2, deadlineMs: 10_000 };
    },
    answer: async (challengeId, columnSums) => {
      calls.push(`answer ${challengeId} ${columnSums}`);
      return { ok: true, outcome };
    },
  };
  return { client, calls };
}

describe('ChallengeRunner', () => {
  const logger = pino({ level: 'silent' });

  it('starts, solves and answers a challenge once, however often the work replies repeat it', async () => {
    const { client, calls } = fakeClient();
    const reports: Array<Record<string, unknown>> = [];
    const runner = new ChallengeRunner({ client, solve: async () => Float32Array.from([1, 2]), report: (_m, f) => reports.push(f), logger });
    runner.run('ch-1');
    runner.run('ch-1');
    await runner.settle();
    runner.run('ch-1');
    await runner.settle();
    expect(calls).toEqual(['start ch-1', `answer ch-1 ${Buffer.from(Float32Array.from([1, 2]).buffer).toString('base64')}`]);
    expect(reports).toEqual([{ challengeId: 'ch-1', size: 2, outcome: 'confirmed' }]);
  });

  it('reports a refused start and does not compute', async () => {
    const solve = jest.fn();
    const client: ChallengeClient = {
      start: async () => ({ ok: false, code: 'NODE.CHALLENGE_CLOSED', message: 'judged' }),
      answer: jest.fn(),
    };
    const messages: string[] = [];
    const runner = new ChallengeRunner({ client, solve, report: (m) => messages.push(m), logger });
    runner.run('ch-2');
    await runner.settle();
    expect(solve).not.toHaveBeenCalled();
    expect(messages).toEqual(['benchmark challenge refused: NODE.CHALLENGE_CLOSED']);
  });

  it('tries again on a later work reply when the verifier did not answer', async () => {
    const { client, calls } = fakeClient();
    let failures = 1;
    const flaky: ChallengeClient = { ...client, start: async (id) => (failures-- > 0 ? Promise.reject(new Error('timeout')) : client.start(id)) };
    const messages: string[] = [];
    const runner = new ChallengeRunner({ client: flaky, solve: async () => Float32Array.from([0, 0]), report: (m) => messages.push(m), logger });
    runner.run('ch-3');
    await runner.settle();
    runner.run('ch-3');
    await runner.settle();
    expect(messages).toEqual(['benchmark challenge not answered', 'benchmark challenge confirmed']);
    expect(calls[0]).toBe('start ch-3');
  });
});
