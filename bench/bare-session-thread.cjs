// Worker-thread entry for the node-runner bench's bare baseline: compile TypeScript here too.
require('@swc-node/register');
require('./bare-session-thread.ts');
