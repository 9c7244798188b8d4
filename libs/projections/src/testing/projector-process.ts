/**
 * A projector in a process of its own, for the take-over test: env DATABASE_URL, NATS_URL,
 * STREAM, PREFIX. It prints `applied <position>` after each committed batch. After its first
 * batch it prints `holding` and waits for a line on stdin; once a batch reaches PAUSE_AT it
 * prints `paused` and never goes on, still holding the projection, until it is killed.
 */
import { createInterface } from 'node:readline';
import { openEventLog } from '@corex/eventstore';
import { openDataSource, Projector } from '../index';
import { jobCounts } from './job-counts';

async function main(): Promise<void> {
  const env = process.env as Record<string, string>;
  const log = await openEventLog({ url: env.NATS_URL, service: 'projector-process', stream: env.STREAM, prefix: env.PREFIX });
  const ds = await openDataSource({ url: env.DATABASE_URL });
  const pauseAt = Number(env.PAUSE_AT);
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  let batches = 0;
  const projector = new Projector(ds, log, jobCounts(), {
    maxBatch: 10,
    takeoverPollMs: 50,
    afterCommit: async (events) => {
      const position = events.at(-1)!.seq;
      console.log(`applied ${position}`);
      if (++batches === 1) {
        console.log('holding');
        await lines.next();
      }
      if (position >= pauseAt) {
        console.log('paused');
        await new Promise(() => undefined);
      }
    },
  });
  await projector.start();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
