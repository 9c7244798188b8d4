import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { VerifierConfig } from './config';
import { verifierFeatures } from './features';
import { VerifierModule } from './verifier.module';

export interface RunningVerifier {
  /** Stops the consumers, closes NATS. Idempotent. */
  close(): Promise<void>;
}

/** Starts the verifier in this process and resolves once it runs. Used by `main.ts`, by tests and by the local stack. */
export async function startVerifier(config: VerifierConfig): Promise<RunningVerifier> {
  const app = await NestFactory.createApplicationContext(VerifierModule.forRoot(config, verifierFeatures(config)), {
    logger: false,
    abortOnError: false,
  });
  let closing: Promise<void> | undefined;
  return { close: () => (closing ??= app.close()) };
}
