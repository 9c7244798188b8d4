import { loadConfig } from '@corex/platform';
import { reputationConfigSchema, startReputation } from '@corex/reputation-app';
import { startVerifier, verifierConfigSchema } from '@corex/verifier-app';

/** A trust service started in this process. */
export interface RunningTrustService {
  name: 'verifier' | 'reputation';
  close(): Promise<void>;
}

/** Starts the verifier or the reputation service in this process with `env` (its config schema applies the defaults). */
export async function startTrustService(name: RunningTrustService['name'], env: Record<string, string>): Promise<RunningTrustService> {
  const running = name === 'verifier' ? await startVerifier(loadConfig(verifierConfigSchema, env)) : await startReputation(loadConfig(reputationConfigSchema, env));
  return { name, close: () => running.close() };
}
