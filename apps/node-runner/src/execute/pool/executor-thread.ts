import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { executeTask } from '../execute-task';
import { createExecutorCaches } from '../executor-caches';
import { ThreadBlobs } from './thread-blobs';
import { toThreadError, type ExecutorThreadData, type FromThread, type ProducedBlob, type ToThread } from './thread-messages';

/**
 * One executor thread: runs fragments with onnxruntime (which blocks the thread for the whole
 * run) while the main thread keeps talking to the network. Sessions, weights and aux feeds are
 * cached per thread.
 */
const port = parentPort!;
const { executionProvider, intraOpThreads } = workerData as ExecutorThreadData;
const logger = pino({ name: 'executor-thread' }, pino.destination(2));
const caches = createExecutorCaches({ executionProvider, logger, sessionOptions: { intraOpNumThreads: intraOpThreads } });
const blobs = new ThreadBlobs(port);
const post = (message: FromThread) => port.postMessage(message);

port.on('message', (message: ToThread) => {
  switch (message.type) {
    case 'run':
      if (message.input) blobs.sentAhead(message.task.inputHash, message.input);
      const produced: ProducedBlob[] = [];
      executeTask(message.task, blobs.forRun(produced), { caches })
        .then(
          (result) => port.postMessage({ type: 'done', id: message.id, result, produced } satisfies FromThread, produced.map((p) => p.bytes.buffer as ArrayBuffer)),
          (err: unknown) => post({ type: 'failed', id: message.id, error: toThreadError(err) }),
        )
        // Sent ahead but not needed (the block was cached after all): do not keep it.
        .finally(() => blobs.dropAhead(message.task.inputHash));
      return;
    case 'blob':
      return blobs.settle(message.id, { bytes: message.bytes });
    case 'blob-failed':
      return blobs.settle(message.id, { error: message.error });
  }
});
