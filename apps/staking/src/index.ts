export { startStaking, type RunningStaking } from './start-staking';
export { stakingConfigSchema, type StakingConfig } from './config';
