import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { baseConfigSchema } from '@corex/platform';

/** The runner's environment: where the network is, and where the node keeps its identity. */
export const nodeRunnerConfigSchema = baseConfigSchema
  .pick({ NATS_URL: true, COREX_SUBJECT_PREFIX: true, LOG_LEVEL: true })
  .extend({
    COREX_NODE_HOME: z.string().min(1).default(path.join(os.homedir(), '.corex', 'node')),
    // Quiet by default: the CLI prints its own result line; logs are for warnings and debugging.
    LOG_LEVEL: baseConfigSchema.shape.LOG_LEVEL.unwrap().default('warn'),
    COREX_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  });
export type NodeRunnerConfig = z.infer<typeof nodeRunnerConfigSchema>;
