import { createLogger, loadConfig } from '@corex/platform';
import { stakingConfigSchema } from './config';
import { startStaking } from './start-staking';

const config = loadConfig(stakingConfigSchema);
const logger = createLogger('staking', config.LOG_LEVEL);
const starting = startStaking(config);

// Installed before start-up finishes, so a signal during start-up still closes cleanly.
function stop(signal: NodeJS.Signals): void {
  logger.info({ signal }, 'stopping');
  starting
    .then((staking) => staking.close())
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
  logger.fatal({ err }, 'staking failed to start');
  process.exit(1);
});
