import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@corex/platform';

const repoRoot = path.resolve(__dirname, '../..');

/** A trust service started in this process. */
export interface RunningTrustService {
  name: 'verifier' | 'reputation';
  close(): Promise<void>;
}

const APPS = {
  verifier: { start: 'startVerifier', schema: 'verifierConfigSchema' },
  reputation: { start: 'startReputation', schema: 'reputationConfigSchema' },
} as const;

/**
 * Starts the verifier or the reputation service in this process with `env` (its config schema
 * applies the defaults), or resolves undefined when that app has no start function (yet): the
 * stack then runs without it. Loaded by path so that the stack does not depend on apps that
 * are still being written.
 */
export async function startTrustService(name: keyof typeof APPS, env: Record<string, string>): Promise<RunningTrustService | undefined> {
  if (!existsSync(path.join(repoRoot, `apps/${name}/src/start-${name}.ts`))) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const app = require(path.join(repoRoot, `apps/${name}/src`)) as Record<string, unknown>;
  const start = app[APPS[name].start] as ((config: unknown) => Promise<{ close(): Promise<void> }>) | undefined;
  const schema = app[APPS[name].schema] as Parameters<typeof loadConfig>[0] | undefined;
  if (typeof start !== 'function' || !schema) return undefined;
  const running = await start(loadConfig(schema, env));
  return { name, close: () => running.close() };
}
