import { createLogger, loadConfig } from '@corex/platform';
import { verifierConfigSchema } from './config';
import { startVerifier } from './start-verifier';

const config = loadConfig(verifierConfigSchema);
const logger = createLogger('verifier', config.LOG_LEVEL);
const starting = startVerifier(config);

// Installed before start-up finishes, so a signal during start-up still closes cleanly.
function stop(signal: NodeJS.Signals): void {
  logger.info({ signal }, 'stopping');
  starting
    .then((verifier) => verifier.close())
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
  logger.fatal({ err }, 'verifier failed to start');
  process.exit(1);
});
