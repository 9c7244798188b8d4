import { createUser } from '@nats-io/nkeys';
import type { NatsConnection } from '@nats-io/nats-core';
import { resultCommitment, type Assignment } from '@corex/node-protocol';
import { assignment } from './testing/in-memory-scheduler';
import { natsWorkClient } from './work-client';

const key = createUser();
const nodeId = key.getPublicKey();
const seed = new TextDecoder().decode(key.getSeed());
const result = { resultHash: 'd'.repeat(64), rowsProcessed: 2, durationMs: 1, metrics: {}, executionProvider: 'cpu' };

/** A NATS connection whose requests are answered by `answer` (a thrown error: no reply). */
function fakeNats(answer: (subject: string, payload: Record<string, any>) => unknown) {
  const sent: Array<{ subject: string; payload: string }> = [];
  const nc = {
    request: async (subject: string, payload: string) => {
      sent.push({ subject, payload });
      const reply = answer(subject, JSON.parse(payload));
      return { json: () => reply };
    },
  } as unknown as NatsConnection;
  return { nc, sent };
}

describe('natsWorkClient: commit-reveal', () => {
  const a: Assignment = assignment(1);

  it('commits to the result under the lease, then reveals it with the salt that opens the commitment', async () => {
    const { nc, sent } = fakeNats(() => ({ ok: true }));
    const client = natsWorkClient(nc, { subjectPrefix: 'corex', nodeId, seed, timeoutMs: 1000 });
    expect(await client.submitResult(a, result)).toEqual({ ok: true });
    expect(sent.map((s) => s.subject)).toEqual(['corex.node.v1.commit', 'corex.node.v1.result']);
    const commit = JSON.parse(sent[0]!.payload).body;
    const reveal = JSON.parse(sent[1]!.payload).body;
    expect(commit.commitment).toBe(resultCommitment(result.resultHash, nodeId, a.leaseId, reveal.salt));
  });

  it('sends the identical signed messages again on a retry, and commits only once', async () => {
    let lost = 2;
    const { nc, sent } = fakeNats((subject) => {
      if (subject.endsWith('.result') && lost-- > 0) throw new Error('timeout');
      return { ok: true };
    });
    const client = natsWorkClient(nc, { subjectPrefix: 'corex', nodeId, seed, timeoutMs: 1000 });
    await expect(client.submitResult(a, result)).rejects.toThrow('timeout');
    await expect(client.submitResult(a, result)).rejects.toThrow('timeout');
    expect(await client.submitResult(a, result)).toEqual({ ok: true });
    const results = sent.filter((s) => s.subject.endsWith('.result')).map((s) => s.payload);
    expect(results).toHaveLength(3);
    expect(new Set(results).size).toBe(1);
    expect(sent.filter((s) => s.subject.endsWith('.commit'))).toHaveLength(1);
  });
});
