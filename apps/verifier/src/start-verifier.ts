import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { serveOps } from '@corex/platform';
import type { VerifierConfig } from './config';
import { verifierFeatures } from './features';
import type { VerifierOps } from './ops/verifier-ops';
import { VERIFIER_OPS } from './tokens';
import { VerifierModule } from './verifier.module';

export interface RunningVerifier {
  /** Base URL of /metrics and /health, when COREX_VERIFIER_HTTP_PORT is set. */
  opsUrl?: string;
  /** Stops the consumers, closes NATS. Idempotent. */
  close(): Promise<void>;
}

/** Starts the verifier in this process and resolves once it runs. Used by `main.ts`, by tests and by the local stack. */
export async function startVerifier(config: VerifierConfig): Promise<RunningVerifier> {
  const app = await NestFactory.createApplicationContext(VerifierModule.forRoot(config, verifierFeatures(config)), {
    logger: false,
    abortOnError: false,
  });
  const port = config.COREX_VERIFIER_HTTP_PORT;
  const ops = port === undefined ? undefined : await serveOps(app.get<VerifierOps>(VERIFIER_OPS).ops, { port, host: config.COREX_VERIFIER_HTTP_HOST }).catch(async (err: unknown) => {
    await app.close();
    throw err;
  });
  let closing: Promise<void> | undefined;
  return { opsUrl: ops?.url, close: () => (closing ??= (async () => (await ops?.close(), await app.close()))()) };
}
