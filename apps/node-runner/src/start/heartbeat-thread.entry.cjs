// Worker-thread entry: compile TypeScript in this thread too, then run the heartbeat sender.
require('@swc-node/register');
require('./heartbeat-sender.ts');
