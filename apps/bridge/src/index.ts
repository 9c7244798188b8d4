export { startBridge, type RunningBridge } from './start-bridge';
export { bridgeConfigSchema, type BridgeConfig } from './config';
