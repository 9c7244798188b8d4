import { baseConfigSchema } from '@corex/platform';
import { z } from 'zod';

/** The scheduler's environment: the shared settings plus lease and liveness timing. */
export const schedulerConfigSchema = baseConfigSchema.extend({
  /** How long a lease runs without a heartbeat renewing it. */
  COREX_LEASE_TTL_MS: z.coerce.number().int().min(100).default(30_000),
  /** Silence after which a node counts as lost and its fragments are reassigned. */
  COREX_HEARTBEAT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  COREX_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).default(1_000),
  /** How long a work request that finds nothing waits for work to arrive (long poll); nodes time out at 15 s. */
  COREX_WORK_LONG_POLL_MS: z.coerce.number().int().min(0).max(10_000).default(2_000),
  /** Leases of one fragment that may fail (expire, be lost, be refused or released on error) before its job is given up. */
  COREX_MAX_FAILED_ATTEMPTS: z.coerce.number().int().min(1).default(4),
  /** Memory for result blobs verified at submission, so that assembling a job does not read them again. */
  COREX_RECENT_RESULTS_BYTES: z.coerce.number().int().min(0).default(64 * 2 ** 20),
});
export type SchedulerConfig = z.infer<typeof schedulerConfigSchema>;
