import type { DynamicModule } from '@nestjs/common';
import type { BridgeConfig } from './config';
import { TasksModule } from './tasks/tasks.module';

/**
 * The rewards features (apps/bridge/src/rewards, owned by the bridge-rewards work): nodes' rewards
 * carried to the chain each node chose. Empty until they land; their module(s) go here.
 */
export function rewardsFeatures(_config: BridgeConfig): DynamicModule[] {
  return [];
}

/**
 * The service's feature modules, each a DynamicModule using the root module's tokens (tokens.ts).
 * One line per feature.
 */
export function bridgeFeatures(config: BridgeConfig): DynamicModule[] {
  return [TasksModule.forRoot(), ...rewardsFeatures(config)];
}
