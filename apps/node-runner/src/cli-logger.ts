import pino, { type Logger } from 'pino';

/**
 * The CLI's logger: pino as everywhere, but on stderr, because stdout carries the command's
 * result (`--json` output must parse). The platform logger always writes to stdout.
 */
export function createCliLogger(level: string): Logger {
  return pino({ name: 'node-runner', level, base: { service: 'node-runner' } }, pino.destination(2));
}
