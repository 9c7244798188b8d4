import { createLogger, loadConfig } from '@corex/platform';
import { reputationConfigSchema } from './config';
import { startReputation } from './start-reputation';

const config = loadConfig(reputationConfigSchema);
const logger = createLogger('reputation', config.LOG_LEVEL);
const starting = startReputation(config);

// Installed before start-up finishes, so a signal during start-up still closes cleanly.
function stop(signal: NodeJS.Signals): void {
  logger.info({ signal }, 'stopping');
  starting
    .then((reputation) => reputation.close())
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
  logger.fatal({ err }, 'reputation failed to start');
  process.exit(1);
});
