import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { baseConfigSchema } from '@corex/platform';

/** The runner's environment: where the network is, and where the node keeps its identity. */
export const nodeRunnerConfigSchema = baseConfigSchema
  .pick({ NATS_URL: true, COREX_SUBJECT_PREFIX: true, LOG_LEVEL: true, COREX_NATS_CREDS: true })
  .extend({
    COREX_NODE_HOME: z.string().min(1).default(path.join(os.homedir(), '.corex', 'node')),
    // Quiet by default: the CLI prints its own result line; logs are for warnings and debugging.
    LOG_LEVEL: baseConfigSchema.shape.LOG_LEVEL.unwrap().default('warn'),
    COREX_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
    // `start` only: how often leases are renewed, the longest idle wait, and the shutdown grace.
    COREX_HEARTBEAT_MS: z.coerce.number().int().positive().default(2_000),
    COREX_IDLE_BACKOFF_MS: z.coerce.number().int().positive().default(1_000),
    COREX_SHUTDOWN_GRACE_MS: z.coerce.number().int().nonnegative().default(10_000),
    /** `start` only: port of the node's /metrics and /health (0: any free port, named in the `node started` line). Unset: none. */
    COREX_NODE_HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    COREX_NODE_HTTP_HOST: z.string().default('127.0.0.1'),
  });
export type NodeRunnerConfig = z.infer<typeof nodeRunnerConfigSchema>;
