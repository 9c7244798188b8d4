import { subjects } from '@corex/events';
import { disposeTestLog, openTestLog } from '../../../test/support/infra';
import type { EventLog } from './index';
import { jobSubmitted } from '../../../test/support/job-submitted';

describe('durable consumer', () => {
  let log: EventLog;
  beforeAll(async () => {
    log = await openTestLog('test', 'dc');
  });
  afterAll(async () => disposeTestLog(log));

  it('hands every event over once, in order, when a handler fails while the next batch is already collected', async () => {
    let last = 0;
    for (let i = 0; i < 40; i++) ({ version: last } = await log.store.append(subjects.job(`dc-${i}`), [jobSubmitted(`dc-${i}`)], 0));
    const committed: number[] = [];
    const batches: number[][] = [];
    let failed = false;
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const consumer = log.consumer(
      { durable: 'dc_fail_once', filter: 'job.*', maxBatch: 5, ackAll: true, restartDelayMs: 10, resumeAfter: async () => committed.at(-1) ?? 0 },
      async (events) => {
        const seqs = events.map((e) => e.seq);
        batches.push(seqs);
        // The third batch fails once, after a pause long enough for the fourth to be collected.
        if (batches.length === 3 && !failed) {
          failed = true;
          await new Promise((resolve) => setImmediate(resolve));
          throw new Error('handler failed');
        }
        committed.push(...seqs);
        if (seqs.includes(last)) finished();
      },
    );
    consumer.start();
    await done;
    await consumer.stop();
    expect(failed).toBe(true);
    expect(committed).toEqual(Array.from({ length: 40 }, (_, i) => last - 39 + i));
    // The failed batch came again, whole.
    expect(batches.filter((b) => b[0] === batches[2]![0])).toHaveLength(2);
  });
});
