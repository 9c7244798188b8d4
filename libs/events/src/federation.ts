import { z } from 'zod';
import { defineEvent, type DataOf } from './catalog';
import { isoTimeSchema } from './common';
import { nodeIdSchema } from './nodes';

/** A federation name: where private datasets of one schema are registered, and what a federated job names (`dataset: "federation:<name>"`). */
export const federationNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);

/** An X25519 public key, 32 bytes as lower-case hex. */
export const x25519KeySchema = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * A node holds a private dataset under a federation: only its schema and size leave the node,
 * with the node's X25519 keys for secure aggregation (`encryptionKey` for shares sent to it,
 * `maskingKey` for pairwise masks). Subject `federation.<name>`, written by the scheduler from
 * the node's signed message. A later registration by the same node replaces its earlier one.
 */
export const PrivateDatasetRegistered = defineEvent(
  'corex.federation.dataset-registered',
  1,
  z.object({
    federation: federationNameSchema,
    nodeId: nodeIdSchema,
    /** The node's own name for the dataset (never sent anywhere else). */
    datasetName: z.string().min(1).max(100),
    featureNames: z.array(z.string().max(100)).min(1).max(1024),
    classNames: z.array(z.string().max(100)).max(1024),
    rows: z.number().int().positive(),
    /** sha256 of the canonical schema (features, classes): members of one federation must agree. */
    schemaHash: z.string().regex(/^[0-9a-f]{64}$/),
    encryptionKey: x25519KeySchema,
    registeredAt: isoTimeSchema,
  }),
);
export type PrivateDatasetRegisteredData = DataOf<typeof PrivateDatasetRegistered>;

/** The node withdrew its dataset from the federation: no new federated job includes it. */
export const PrivateDatasetWithdrawn = defineEvent(
  'corex.federation.dataset-withdrawn',
  1,
  z.object({ federation: federationNameSchema, nodeId: nodeIdSchema, withdrawnAt: isoTimeSchema }),
);
export type PrivateDatasetWithdrawnData = DataOf<typeof PrivateDatasetWithdrawn>;

export const federationEvents = [PrivateDatasetRegistered, PrivateDatasetWithdrawn] as const;

