import { z } from 'zod';
import { benchmarkSchema, hardwareSchema, nodeIdSchema } from '@corex/events';

const time = z.iso.datetime().max(32);

/** GET /v1/nodes/{id}: a network member as anyone with an API key sees it. */
export const nodeViewSchema = z
  .object({
    id: nodeIdSchema.describe('The node’s public key (NATS nkey, base32)'),
    name: z.string().max(100),
    status: z.enum(['registered', 'benchmarked', 'left']),
    hardware: hardwareSchema,
    benchmark: benchmarkSchema.nullable().describe('The latest signed benchmark; null before the first'),
    runnerVersion: z.string().max(40),
    registeredAt: time,
    lastBenchmarkAt: time.nullable(),
    benchmarkCount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  })
  .meta({ id: 'Node' });
export type NodeView = z.output<typeof nodeViewSchema>;
