import { z } from 'zod';
import { defineEvent, type DataOf } from './catalog';
import { isoTimeSchema } from './common';

/** Node ids are ed25519 public keys in NATS nkey form (56 chars, base32). */
export const nodeIdSchema = z.string().regex(/^[A-Z2-7]{56}$/).max(56);

export const gpuSchema = z.object({
  name: z.string().max(200),
  memoryBytes: z.number().int().nonnegative(),
  driver: z.string().max(100).optional(),
});

export const hardwareSchema = z.object({
  cpuModel: z.string().max(200),
  cpuCores: z.number().int().positive().max(4096),
  memoryBytes: z.number().int().positive(),
  gpus: z.array(gpuSchema).max(64),
  executionProviders: z.array(z.string().max(40)).max(16),
  os: z.string().max(100),
  arch: z.string().max(40),
});
export type Hardware = z.infer<typeof hardwareSchema>;

export const benchmarkSchema = z.object({
  kind: z.literal('matmul-f32'),
  size: z.number().int().positive().max(8192),
  iterations: z.number().int().positive().max(10_000),
  durationMs: z.number().positive(),
  gflops: z.number().positive(),
  executionProvider: z.string().max(40),
});
export type Benchmark = z.infer<typeof benchmarkSchema>;

export const NodeRegistered = defineEvent(
  'corex.node.registered',
  1,
  z.object({
    nodeId: nodeIdSchema,
    name: z.string().max(100),
    hardware: hardwareSchema,
    runnerVersion: z.string().max(40),
    registeredAt: isoTimeSchema,
  }),
);
export type NodeRegisteredData = DataOf<typeof NodeRegistered>;

export const NodeBenchmarked = defineEvent(
  'corex.node.benchmarked',
  1,
  z.object({
    nodeId: nodeIdSchema,
    benchmark: benchmarkSchema,
    hardware: hardwareSchema,
    /** sha256 of the signed report's canonical bytes, and the node's signature over them. */
    reportHash: z.string().regex(/^[0-9a-f]{64}$/),
    signature: z.string().min(1),
    benchmarkedAt: isoTimeSchema,
  }),
);
export type NodeBenchmarkedData = DataOf<typeof NodeBenchmarked>;

/**
 * A node said it leaves (signed `leave`): its open leases were ended (released, not charged)
 * and it gets no work until it registers again.
 */
export const NodeLeft = defineEvent(
  'corex.node.left',
  1,
  z.object({
    nodeId: nodeIdSchema,
    reason: z.enum(['shutdown', 'maintenance']),
    leftAt: isoTimeSchema,
  }),
);
export type NodeLeftData = DataOf<typeof NodeLeft>;

export const nodeEvents = [NodeRegistered, NodeBenchmarked, NodeLeft] as const;
