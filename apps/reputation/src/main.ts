import { loadConfig, runService } from '@corex/platform';
import { reputationConfigSchema } from './config';
import { startReputation } from './start-reputation';

const config = loadConfig(reputationConfigSchema);
runService('reputation', config.LOG_LEVEL, () => startReputation(config));
