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
  /**
   * `required`: a fragment counts for its job only once the verifier records FragmentVerified for it, fraud
   * and rejection verdicts redo it elsewhere, and nodes not yet tiered by the reputation service work at most
   * at 'standard'. `off`: a completed fragment counts at once (a network running without a verifier).
   */
  COREX_VERIFICATION: z.enum(['required', 'off']).default('required'),
  /** Memory for result blobs verified at submission, so that assembling a job does not read them again. */
  COREX_RECENT_RESULTS_BYTES: z.coerce.number().int().min(0).default(64 * 2 ** 20),
  /** Leader lease: how long a term lasts without renewal (renewed every third); a standby takes over after it lapses. */
  COREX_LEADER_TTL_MS: z.coerce.number().int().min(300).default(10_000),
  /** Requests (work, result, release, leave) one node may send per second, and the burst above that rate. */
  COREX_NODE_RATE_PER_S: z.coerce.number().positive().default(200),
  COREX_NODE_RATE_BURST: z.coerce.number().int().min(1).default(400),
  /** Nonces of node messages remembered (10 min window); beyond it new messages are refused NODE.RATE_LIMITED. */
  COREX_NONCE_MEMORY: z.coerce.number().int().min(1_000).default(1_000_000),
  /** Refusals recorded in the audit log per claimed node id (rate and burst) and in all; the rest are counted and logged. */
  COREX_AUDIT_PER_NODE_PER_S: z.coerce.number().positive().default(0.2),
  COREX_AUDIT_PER_NODE_BURST: z.coerce.number().int().min(1).default(5),
  COREX_AUDIT_PER_S: z.coerce.number().positive().default(20),
  /** Prepared jobs (datasets, splits) the coordinator keeps in memory, least recently used evicted. */
  COREX_PREPARED_JOBS: z.coerce.number().int().min(1).default(32),
  /** Consecutive failures to advance a job (infrastructure errors, backing off 0.5 s → 30 s) after which it fails with JOB.ADVANCE_FAILED. */
  COREX_MAX_ADVANCE_FAILURES: z.coerce.number().int().min(1).default(6),
  /** Secured NATS: the account signing key file (keys/node-issuer.json) that issues each joining node its own NATS user. Unset: no node users are issued (open server). */
  COREX_NATS_NODE_ISSUER: z.string().min(1).optional(),
  /** File holding the secret (hex, 32+ bytes) each job's task-blob sealing key derives from; every scheduler of a network needs the same (keys/sealing.secret of the NATS auth). Unset: a random one per process. */
  COREX_SEALING_SECRET_FILE: z.string().min(1).optional(),
  /** How long an issued node user is valid; a node joins again for a fresh one. */
  COREX_NODE_JWT_TTL_MS: z.coerce.number().int().min(5_000).default(24 * 60 * 60 * 1000),
  /** Replica gate (docs/node-protocol.md, "Commit-reveal"): a replica without a lease this long stops holding its group's reveals. */
  COREX_REPLICA_WAIT_MS: z.coerce.number().int().min(0).default(20_000),
  /** How long node uploads (results) are kept; accepted results are copied into the blob bucket. */
  /** Port of /metrics and /health (0: any free port). Unset: none (tests); main.ts listens on 9461 then (docs/observability.md). */
  COREX_SCHEDULER_HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  COREX_SCHEDULER_HTTP_HOST: z.string().default('127.0.0.1'),
  COREX_UPLOAD_MAX_AGE_MS: z.coerce.number().int().min(60_000).default(7 * 24 * 60 * 60 * 1000),
});
export type SchedulerConfig = z.infer<typeof schedulerConfigSchema>;
