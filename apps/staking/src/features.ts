import type { DynamicModule } from '@nestjs/common';
import type { StakingConfig } from './config';
import { SettlementModule } from './settlement/settlement.module';
import { IngestModule } from './ingest/ingest.module';
import { PayoutModule } from './payout/payout.module';
import { SlashingModule } from './slashing/slashing.module';

/**
 * The service's feature modules (chain ingest, payout binding, settlement, slashing), each a DynamicModule
 * using the root module's tokens (tokens.ts). One line per feature.
 */
export function stakingFeatures(config: StakingConfig): DynamicModule[] {
  return [IngestModule.forRoot(config), PayoutModule.forRoot(config), SettlementModule.forRoot(), SlashingModule.forRoot()];
}
