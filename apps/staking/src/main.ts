import { loadConfig, runService } from '@corex/platform';
import { stakingConfigSchema } from './config';
import { startStaking } from './start-staking';

const config = loadConfig(stakingConfigSchema);
runService('staking', config.LOG_LEVEL, () => startStaking(config));
