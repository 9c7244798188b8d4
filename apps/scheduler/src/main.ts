import { createLogger, loadConfig } from '@corex/platform';
import { schedulerConfigSchema } from './config';
import { startScheduler } from './start-scheduler';

const config = loadConfig(schedulerConfigSchema);
const logger = createLogger('scheduler', config.LOG_LEVEL);
const starting = startScheduler(config);

// Installed before start-up finishes, so a signal during start-up still closes cleanly.
function stop(signal: NodeJS.Signals): void {
  logger.info({ signal }, 'stopping');
  starting
    .then((scheduler) => scheduler.close())
    .then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'unclean stop');
        process.exit(1);
      },
    );
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

starting.catch((err: unknown) => {
  logger.fatal({ err }, 'scheduler failed to start');
  process.exit(1);
});
