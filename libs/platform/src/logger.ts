import pino, { type Logger } from 'pino';

export type { Logger };

/** The one logger: JSON lines to stdout, level from LOG_LEVEL. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: service, level, base: { service } });
}
