import { parentPort } from 'node:worker_threads';
import { answerFragmentRequest, type FragmentThreadClose, type FragmentThreadRequest } from './fragment-thread';

// One request at a time, in order: the thread exists so that their CPU is not the main thread's.
let queue: Promise<unknown> = Promise.resolve();
parentPort!.on('message', (message: FragmentThreadRequest | FragmentThreadClose) => {
  // Closing the port after the last answer lets the thread end by itself, never inside a native run.
  if ('close' in message) queue = queue.then(() => parentPort!.close());
  else queue = queue.then(async () => parentPort!.postMessage(await answerFragmentRequest(message)));
});
