import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The bridge as its own process (apps/bridge/src/main.ts), for tests that kill it with SIGKILL. */
export interface BridgeProcess {
  child: ChildProcess;
  output: () => string;
  /** SIGKILL: no shutdown hooks, no flush. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit (SIGKILL after 20 s). */
  stop(): Promise<void>;
}

const MAIN = path.resolve(__dirname, '../src/main.ts');

export function spawnBridge(env: Record<string, string>): BridgeProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    output: () => out,
    kill9: async () => {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (alive()) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
