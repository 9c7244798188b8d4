import type { DynamicModule } from '@nestjs/common';
import type { StakingConfig } from './config';

/**
 * The service's feature modules (chain ingest, payout binding, settlement), each a DynamicModule
 * using the root module's tokens (tokens.ts). One line per feature.
 */
export function stakingFeatures(config: StakingConfig): DynamicModule[] {
  void config;
  return [];
}
