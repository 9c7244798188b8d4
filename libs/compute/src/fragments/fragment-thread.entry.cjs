// Worker-thread entry: compile TypeScript in this thread too, then answer run requests.
require('@swc-node/register');
require('./fragment-thread.worker.ts');
