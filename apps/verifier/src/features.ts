import type { DynamicModule } from '@nestjs/common';
import type { VerifierConfig } from './config';
import { ResultsModule } from './results/results.module';

/**
 * The service's feature modules, each a DynamicModule using the root module's tokens (tokens.ts).
 * One line per feature: result verification here; benchmark challenges (src/challenges/) add theirs.
 */
export function verifierFeatures(config: VerifierConfig): DynamicModule[] {
  return [ResultsModule.forRoot(config)];
}
