import type { DynamicModule } from '@nestjs/common';
import type { VerifierConfig } from './config';
import { ChallengesModule } from './challenges/challenges.module';
import { ResultsModule } from './results/results.module';

/**
 * The service's feature modules, each a DynamicModule using the root module's tokens (tokens.ts).
 * One line per feature: result verification and benchmark challenges.
 */
export function verifierFeatures(config: VerifierConfig): DynamicModule[] {
  return [ResultsModule.forRoot(config), ChallengesModule.forRoot(config)];
}
