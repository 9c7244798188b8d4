import { parentPort } from 'node:worker_threads';
import { answerFragmentRequest, type FragmentThreadRequest } from './fragment-thread';

// One request at a time, in order: the thread exists so that their CPU is not the main thread's.
let queue: Promise<unknown> = Promise.resolve();
parentPort!.on('message', (request: FragmentThreadRequest) => {
  queue = queue.then(async () => parentPort!.postMessage(await answerFragmentRequest(request)));
});
