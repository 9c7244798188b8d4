import { baseConfigSchema } from '@corex/platform';
import type { z } from 'zod';

/** The scheduler's environment: the shared settings (NATS, stream, subject prefix, log level). */
export const schedulerConfigSchema = baseConfigSchema;
export type SchedulerConfig = z.infer<typeof schedulerConfigSchema>;
