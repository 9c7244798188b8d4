import { z } from 'zod';
import { nodeIdSchema } from '@corex/events';

/** A federation as the network shows it: its schema and size, and per member only its node id and row count. */
export const federationViewSchema = z
  .object({
    name: z.string().max(63).regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
    members: z.number().int().min(0).describe('Nodes holding a private dataset under this federation now'),
    totalRows: z.number().int().min(0).describe('Rows over all members (each member registers its own count)'),
    featureNames: z.array(z.string().max(100)).max(1024),
    classNames: z.array(z.string().max(100)).max(1024),
    schemaHash: z.string().max(64).regex(/^[0-9a-f]{64}$/).describe('sha256 of the canonical {classNames, featureNames}: every member registered this one'),
    nodes: z.array(z.object({ nodeId: nodeIdSchema, rows: z.number().int().min(1) })).max(10_000).describe('Members by node id, with their row counts only'),
  })
  .meta({ id: 'Federation' });
export type FederationView = z.infer<typeof federationViewSchema>;
