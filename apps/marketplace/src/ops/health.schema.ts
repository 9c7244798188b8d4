import { z } from 'zod';

const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const up = z.enum(['ok', 'down']);

/** One read model in /health: its role here, where it is, how far behind the log, and where it is stuck. */
const projectionHealthSchema = z.object({
  role: z.enum(['active', 'standby', 'stopped']).describe('active: this process applies it; standby: another instance holds its lease; stopped: shutting down'),
  position: seq,
  failures: seq.describe('Failed attempts to apply since the start'),
  stuck: z
    .object({
      seq,
      eventType: z.string().max(128).optional(),
      error: z.string().max(2000),
      since: z.iso.datetime().max(32),
      attempts: seq,
      retryInMs: seq,
    })
    .optional()
    .describe('The event it cannot apply; it retries with backoff and resumes by itself'),
  lastSeq: seq.optional(),
  lag: seq.optional().describe('Stream sequences behind the log; 0 when caught up; absent while NATS is down'),
});

/** GET /health. */
export const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    nats: up,
    postgres: up,
    projections: z.record(z.string().max(64), projectionHealthSchema),
  })
  .meta({ id: 'Health' });
export type Health = z.output<typeof healthSchema>;
