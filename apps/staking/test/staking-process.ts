import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The staking service as its own process (apps/staking/src/main.ts), for tests that kill it with SIGKILL. */
export interface StakingProcess {
  child: ChildProcess;
  output: () => string;
  /** SIGKILL: no shutdown hooks, no flush. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit (SIGKILL after 20 s). */
  stop(): Promise<void>;
}

const MAIN = path.resolve(__dirname, '../src/main.ts');

export function spawnStaking(env: Record<string, string>): StakingProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    kill9: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      // A graceful close that hangs must not hang the test's teardown: killed after 20 s (its output says why).
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

export { until } from '../../../test/support/until';
