import { loadConfig } from '@corex/platform';
import { schedulerConfigSchema, startScheduler, type RunningScheduler } from '../../apps/scheduler/src';
import { NATS_URL } from './infra';

/** A scheduler in this process on a test's own stream and prefix; `settings` are more environment variables. */
export function startTestScheduler(names: { stream: string; prefix: string }, settings: Record<string, string> = {}): Promise<RunningScheduler> {
  return startScheduler(
    loadConfig(schedulerConfigSchema, { NATS_URL, COREX_STREAM: names.stream, COREX_SUBJECT_PREFIX: names.prefix, LOG_LEVEL: 'silent', COREX_VERIFICATION: 'off', ...settings }),
  );
}
