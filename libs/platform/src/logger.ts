import pino, { type Logger } from 'pino';
import { currentCorrelation } from './correlation';

export type { Logger };

/**
 * The one logger: JSON lines to stdout, level from LOG_LEVEL. A line written while handling a
 * request or an event (`withCorrelation`) carries its `correlationId` and `causationId`.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  return pino({ name: service, level, base: { service }, mixin: () => currentCorrelation() ?? {} }, destination);
}
