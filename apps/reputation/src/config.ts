import { baseConfigSchema } from '@corex/platform';
import { DEFAULT_MIN_INTERVAL_MS, DEFAULT_SUSPEND_MS } from '@corex/reputation-domain';
import { z } from 'zod';

/** The reputation service's environment: the shared settings (no database: its state is rebuilt from the log) plus its rules' knobs. */
export const reputationConfigSchema = baseConfigSchema.extend({
  /** Least time between two ReputationChanged of one node that only follow a score move (violations, tier changes and milestones go out at once). */
  REPUTATION_MIN_INTERVAL_MS: z.coerce.number().int().min(0).default(DEFAULT_MIN_INTERVAL_MS),
  /** How long a fraud suspends a node. */
  REPUTATION_SUSPEND_MS: z.coerce.number().int().min(1).default(DEFAULT_SUSPEND_MS),
  /** Uptime window: every window each present node's heartbeat coverage enters its uptime. */
  REPUTATION_UPTIME_WINDOW_MS: z.coerce.number().int().min(50).default(60_000),
  /** A window is cut in slots of this length; a slot with at least one valid heartbeat is covered. */
  REPUTATION_UPTIME_SLOT_MS: z.coerce.number().int().min(10).default(10_000),
  /** Port of /metrics and /health (0: any free port). Unset: none (tests); main.ts listens on 9463 then (docs/observability.md). */
  COREX_REPUTATION_HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  COREX_REPUTATION_HTTP_HOST: z.string().default('127.0.0.1'),
});
export type ReputationConfig = z.infer<typeof reputationConfigSchema>;
