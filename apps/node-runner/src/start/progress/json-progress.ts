import pino, { type DestinationStream } from 'pino';
import type { FragmentEvent, ProgressReporter } from './fragment-events';

/** One pino JSON line per fragment event on stdout (or `destination`), whatever LOG_LEVEL says. */
export function jsonProgress(destination: DestinationStream = pino.destination(1)): ProgressReporter {
  const log = pino({ name: 'node-runner', level: 'info', base: { service: 'node-runner' } }, destination);
  return {
    fragment: (event, totals) => log.info({ event: `fragment.${event.type}`, ...describe(event), totals }, `fragment ${event.type}`),
    node: (message, fields) => log.info({ event: 'node', ...fields }, message),
    close: (totals) => log.info({ event: 'node.stopped', totals }, 'node stopped'),
  };
}

function describe(event: FragmentEvent): Record<string, unknown> {
  const { fragmentId, jobId, leaseId, task } = event.assignment;
  const common = { fragmentId, jobId, leaseId, kind: task.kind };
  switch (event.type) {
    case 'started':
      return { ...common, rows: task.rows };
    case 'submitting':
    case 'finished': {
      const { resultHash, rowsProcessed, durationMs, metrics } = event.result;
      return { ...common, resultHash, rowsProcessed, durationMs: Math.round(durationMs * 1000) / 1000, metrics };
    }
    case 'refused':
    case 'failed':
      return { ...common, code: event.code, error: event.message };
    case 'released':
      return { ...common, reason: event.reason, accepted: event.accepted };
  }
}
