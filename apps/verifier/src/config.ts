import { baseConfigSchema } from '@corex/platform';
import { z } from 'zod';

/** The verifier's environment: the shared settings (NATS_URL, COREX_NATS_CREDS, stream, prefix) plus its own. */
export const verifierConfigSchema = baseConfigSchema.extend({
  /** How long an untrusted node's result waits for its replica's before the verifier recomputes it itself. */
  REPLICA_WAIT_MS: z.coerce.number().int().min(0).default(20_000),
  /** How often waiting results are looked at (replica wait run out). */
  COREX_VERIFIER_TICK_MS: z.coerce.number().int().min(10).default(1_000),
  /**
   * Mean time between random benchmark challenges of a node at reputation ≤ 0.5 (12 times longer at
   * reputation 1). Tests and the demo set it small; 10 min by default.
   */
  /** Port of /metrics and /health (0: any free port). Unset: none (tests); main.ts listens on 9462 then (docs/observability.md). */
  COREX_VERIFIER_HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  COREX_VERIFIER_HTTP_HOST: z.string().default('127.0.0.1'),
  CHALLENGE_INTERVAL_MS: z.coerce.number().int().min(100).default(600_000),
});
export type VerifierConfig = z.infer<typeof verifierConfigSchema>;
