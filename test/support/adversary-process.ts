import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');
const MAIN = path.join(repoRoot, 'test/adversaries/main.ts');

/** One JSON line the adversary printed (test/adversaries/main.ts). */
export interface AdversaryLine {
  event: string;
  kind?: string;
  fragmentId?: string;
  leaseId?: string;
  resultHash?: string;
  [field: string]: unknown;
}

/** An adversarial node in its own process: what it printed, and how to stop it. */
export interface AdversaryProcess {
  child: ChildProcess;
  lines(): AdversaryLine[];
  /** What it wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface AdversaryOptions {
  kind: 'lazy' | 'copier' | 'fake-benchmark' | 'replayer' | 'duplicate' | 'honest' | 'byzantine-sign-flip' | 'byzantine-scale' | 'byzantine-alie';
  home: string;
  name?: string;
  /** Where the harness writes revealed results by fragment id (the copier's view of other nodes' results). */
  leakDir?: string;
  /** The network's join creds on a secured NATS. */
  credsFile?: string;
  env: Record<string, string>;
}

/** Starts `node -r @swc-node/register test/adversaries/main.ts --kind ...` with the stack's NATS settings. */
export function spawnAdversary(options: AdversaryOptions): AdversaryProcess {
  const args = ['-r', '@swc-node/register', MAIN, '--kind', options.kind, '--home', options.home, '--name', options.name ?? `adversary-${options.kind}`];
  if (options.leakDir) args.push('--leak-dir', options.leakDir);
  if (options.credsFile) args.push('--creds', options.credsFile);
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, LOG_LEVEL: 'warn', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const parsed: AdversaryLine[] = [];
  let out = '';
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    partial += chunk.toString();
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete) {
      try {
        parsed.push(JSON.parse(line) as AdversaryLine);
      } catch {
        // not one of its JSON lines
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    lines: () => parsed,
    // Its honest submissions and repeated refusals left out: what it cheated with and was told is what explains a failure.
    output: () => out.split('\n').filter((line) => !/"event":"(submitted|refused)"/.test(line)).join('\n').slice(-8_000),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
