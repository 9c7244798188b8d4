import { loadConfig, runService } from '@corex/platform';
import { schedulerConfigSchema } from './config';
import { startScheduler } from './start-scheduler';

const config = loadConfig(schedulerConfigSchema);
runService('scheduler', config.LOG_LEVEL, () => startScheduler(config));
