import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { executeTask } from '../execute-task';
import { createExecutorCaches } from '../executor-caches';
import { openThreadBlobAccess } from './thread-blob-access';
import { toThreadError, type ExecutorThreadData, type FromThread, type ToThread } from './thread-messages';

/**
 * One executor thread: fetches a fragment's blobs, runs it with onnxruntime (which blocks the
 * thread for the whole run) and stores its outputs, over a blob store connection of its own,
 * while the main thread keeps talking to the scheduler. Sessions, weights, aux feeds and input
 * blocks are cached per thread.
 */
const port = parentPort!;
const { executionProvider, intraOpThreads, blobs: source, federation } = workerData as ExecutorThreadData;
const logger = pino({ name: 'executor-thread' }, pino.destination(2));
const caches = createExecutorCaches({ executionProvider, logger, sessionOptions: { intraOpNumThreads: intraOpThreads } });
const blobs = openThreadBlobAccess(source);
const post = (message: FromThread) => port.postMessage(message);
// Blob access that cannot be opened also fails every fragment sent here, with its error.
blobs.then(
  () => post({ type: 'opened' }),
  (err: unknown) => post({ type: 'opened', error: toThreadError(err) }),
);

/** Fragments sent here and not yet answered. */
const running = new Set<Promise<void>>();

port.on('message', (message: ToThread) => {
  if (message.type === 'nats-user') {
    if (source.kind === 'nats') source.node.jwt = message.jwt; // read at the connection's next reconnect
    return;
  }
  if (message.type === 'close') return void close();
  const { id, task, sealing } = message;
  const run = blobs
    .then((access) => executeTask(task, access.forTask(sealing), { caches, federation }))
    .then(
      (result) => post({ type: 'done', id, result }),
      (err: unknown) => post({ type: 'failed', id, error: toThreadError(err) }),
    )
    .finally(() => running.delete(run));
  running.add(run);
});

/**
 * Ends this thread by itself, never cut off inside an onnxruntime run: every fragment sent
 * before `close` is answered, then the blob store connection, the sessions and the port are
 * closed, and with nothing left to wait on the thread exits.
 */
async function close(): Promise<void> {
  await Promise.all(running);
  await blobs.then(
    (access) => access.close(),
    () => undefined,
  );
  caches.close();
  port.close();
}
