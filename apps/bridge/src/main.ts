import { loadConfig, runService } from '@corex/platform';
import { bridgeConfigSchema } from './config';
import { startBridge } from './start-bridge';

const config = loadConfig(bridgeConfigSchema);
runService('bridge', config.LOG_LEVEL, () => startBridge(config));
