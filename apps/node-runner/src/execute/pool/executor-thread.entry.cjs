// Worker-thread entry: compile TypeScript in this thread too, then run the executor.
require('@swc-node/register');
require('./executor-thread.ts');
