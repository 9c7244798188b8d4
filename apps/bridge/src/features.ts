import type { DynamicModule } from '@nestjs/common';
import type { BridgeConfig } from './config';
import { RewardsModule } from './rewards/rewards.module';
import { TasksModule } from './tasks/tasks.module';

/** The rewards features (apps/bridge/src/rewards): nodes' rewards carried to the chain each node chose. */
export function rewardsFeatures(config: BridgeConfig): DynamicModule[] {
  return [RewardsModule.forRoot(config)];
}

/**
 * The service's feature modules, each a DynamicModule using the root module's tokens (tokens.ts).
 * One line per feature.
 */
export function bridgeFeatures(config: BridgeConfig): DynamicModule[] {
  return [TasksModule.forRoot(), ...rewardsFeatures(config)];
}
