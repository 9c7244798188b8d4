export { startReputation, type RunningReputation } from './start-reputation';
export { reputationConfigSchema, type ReputationConfig } from './config';
