import { createLogger } from './logger';

/**
 * The body of a service's `main.ts`: starts it, and on SIGTERM or SIGINT (installed before start-up
 * finishes, so a signal during start-up still closes cleanly) closes it and exits 0, or 1 when the
 * close failed. A failed start logs and exits 1.
 */
export function runService<R extends { close(): Promise<void> }>(service: string, logLevel: string, start: () => Promise<R>): void {
  const logger = createLogger(service, logLevel);
  const starting = start();
  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'stopping');
    starting
      .then((running) => running.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'unclean stop');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  starting.catch((err: unknown) => {
    logger.fatal({ err }, `${service} failed to start`);
    process.exit(1);
  });
}
