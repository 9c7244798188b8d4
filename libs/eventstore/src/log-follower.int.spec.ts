import { subjects } from '@corex/events';
import { disposeTestLog, openTestLog } from '../../../test/support/infra';
import { followLog, readLog, type EventLog } from './index';
import { jobSubmitted } from '../../../test/support/job-submitted';

describe('log follower', () => {
  let log: EventLog;
  beforeAll(async () => {
    log = await openTestLog('test', 'lf');
  });
  afterAll(async () => disposeTestLog(log));

  /** Follows one job's subject, resolving `reached(seq)` once that sequence was handed over. */
  function follow(jobId: string) {
    const seen: number[] = [];
    const waiting = new Map<number, () => void>();
    const follower = followLog(log.js, { stream: log.store.names.stream, filter: log.store.subjectOf(subjects.job(jobId)), maxMessages: 5 }, (m) => {
      seen.push(m.seq);
      waiting.get(m.seq)?.();
    });
    const reached = (seq: number) => new Promise<void>((resolve) => (seen.includes(seq) ? resolve() : waiting.set(seq, resolve)));
    return { follower, seen, reached };
  }

  async function append(jobId: string, count: number, version: number): Promise<number[]> {
    const seqs: number[] = [];
    for (let i = 0; i < count; i++) seqs.push((version = (await log.store.append(subjects.job(jobId), [jobSubmitted(jobId)], version)).version));
    return seqs;
  }

  it('opens a new consumer from the next sequence when the server deletes the one it reads, so later messages arrive once each', async () => {
    const [first] = await append('lf-deleted', 1, 0);
    const { follower, seen, reached } = follow('lf-deleted');
    await reached(first!);
    const deleted: string[] = [];
    for await (const ci of log.jsm.consumers.list(log.store.names.stream)) {
      if (ci.config.filter_subject !== log.store.subjectOf(subjects.job('lf-deleted'))) continue;
      await log.jsm.consumers.delete(log.store.names.stream, ci.name);
      deleted.push(ci.name);
    }
    const later = await append('lf-deleted', 3, first!);
    await reached(later.at(-1)!);
    follower.stop();
    await follower.done;
    expect(deleted).toHaveLength(1);
    expect(seen).toEqual([first, ...later]);
    // Not left to the client's own recovery, which waits for two missed heartbeats (30 s) and can then stop pulling.
  }, 8_000);

  it('reads a bounded range in order and rejects with the handler error', async () => {
    const seqs = await append('lf-range', 4, 0);
    const filter = log.store.subjectOf(subjects.job('lf-range'));
    const read: number[] = [];
    await readLog(log.js, { stream: log.store.names.stream, filter, fromSeq: seqs[1], lastSeq: seqs[2]! }, (m) => read.push(m.seq));
    expect(read).toEqual([seqs[1], seqs[2]]);
    await expect(
      readLog(log.js, { stream: log.store.names.stream, filter, lastSeq: seqs[3]! }, () => {
        throw new Error('cannot decode');
      }),
    ).rejects.toThrow('cannot decode');
  });
});
