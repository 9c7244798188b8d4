import { JobSubmitted, subjects } from '@corex/events';
import { startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';

const job = { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5' };

describe('marketplace Idempotency-Key under concurrency', () => {
  let h: Harness;
  let alice: { id: string; apiKey: string };

  beforeAll(async () => {
    h = await startHarness();
    alice = await h.createAccount('alice');
  });
  afterAll(async () => h.close());

  const submit = (key: string, body: object = job) => h.request('POST', '/v1/jobs', { token: alice.apiKey, body, headers: { 'idempotency-key': key } });

  it('answers 202 with one job id to requests sent at the same moment with one key and body, storing one JobSubmitted', async () => {
    for (let round = 0; round < 5; round++) {
      const key = `race-${round}`;
      const answers = await Promise.all(Array.from({ length: 6 }, () => submit(key)));
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(202));
      const ids = new Set(answers.map((a) => a.body.id));
      expect(ids.size).toBe(1);
      expect(answers.filter((a) => a.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
      const { events } = await h.log.store.read(subjects.job([...ids][0]));
      expect(events.filter((e) => e.event.type === JobSubmitted.type)).toHaveLength(1);
    }
  });

  it('refuses with 422 a concurrent twin of a key that carries another body', async () => {
    const [a, b] = await Promise.all([submit('race-other'), submit('race-other', { ...job, budget: '6' })]);
    const statuses = [a, b].map((r) => r.status).sort();
    expect(statuses).toEqual([202, 422]);
    expectProblem([a, b].find((r) => r.status === 422)!, 422, 'IDEMPOTENCY.KEY_REUSED');
  });
});
