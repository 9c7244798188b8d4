import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * The real scheduler as its own process (`apps/scheduler/src/main.ts`), as deployed: its CPU is
 * not shared with the simulated nodes that drive it. Resolves once it serves work.
 * BENCH_SCHEDULER_NODE_ARGS adds node options (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
export async function spawnScheduler(env: Record<string, string>): Promise<{ close(): Promise<void> }> {
  const root = path.resolve(__dirname, '..');
  const child = spawn(process.execPath, [...nodeArgs(), '-r', '@swc-node/register', 'apps/scheduler/src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      if (buffered.includes('scheduler ready: serving work')) resolve();
      buffered = buffered.slice(-200);
    });
    child.once('exit', (code) => reject(new Error(`scheduler exited with ${code} before it was ready`)));
  });
  return {
    close: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function nodeArgs(): string[] {
  return (process.env.BENCH_SCHEDULER_NODE_ARGS ?? '').split(' ').filter(Boolean);
}
