import { createHash } from 'node:crypto';
import { z } from 'zod';
import { federationNameSchema, x25519KeySchema } from '@corex/events';
import { canonicalJson } from '@corex/platform';
import type { SignedNodeMessage } from './schemas';
import { newNonce, signNodeMessage } from './signing';
import { resultReplySchema, signedBase } from './work-schemas';

/** Kind of the message a node registers or withdraws a private dataset with (docs/node-protocol.md, "Private datasets"). */
export const PRIVATE_DATASET_KIND = 'private-dataset';

/**
 * sha256 (lower-case hex) of the canonical JSON `{"classNames":[…],"featureNames":[…]}`: the
 * dataset's schema, in order. Every member of a federation registers the same hash.
 */
export function federationSchemaHash(featureNames: readonly string[], classNames: readonly string[]): string {
  return createHash('sha256').update(canonicalJson({ featureNames, classNames }), 'utf8').digest('hex');
}

/**
 * Only the schema and the size of the dataset leave the node, with its long-term X25519
 * encryption key (secure-aggregation shares addressed to it are sealed under that key). On
 * `withdraw` the schema fields still describe the dataset being withdrawn.
 */
export const privateDatasetBodySchema = z.object({
  ...signedBase,
  action: z.enum(['register', 'withdraw']),
  federation: federationNameSchema,
  datasetName: z.string().min(1).max(100),
  featureNames: z.array(z.string().min(1).max(100)).min(1).max(1024),
  classNames: z.array(z.string().min(1).max(100)).min(2).max(1024),
  rows: z.number().int().positive(),
  schemaHash: z.string().regex(/^[0-9a-f]{64}$/),
  encryptionKey: x25519KeySchema,
});
export type PrivateDatasetBody = z.infer<typeof privateDatasetBodySchema>;

/** The scheduler's reply: ok (the event is recorded), or a refusal with a stable code. */
export const privateDatasetReplySchema = resultReplySchema;
export type PrivateDatasetReply = z.infer<typeof privateDatasetReplySchema>;

/** Builds the signed `private-dataset` message a node sends to `nodeSubjects(prefix).privateDataset` (request/reply). */
export function buildPrivateDatasetMessage(
  dataset: Omit<PrivateDatasetBody, 'nodeId' | 'issuedAt' | 'nonce' | 'schemaHash'> & { nodeId: string },
  seed: string | Uint8Array,
  now: Date = new Date(),
): SignedNodeMessage<PrivateDatasetBody> {
  const body = privateDatasetBodySchema.parse({
    ...dataset,
    schemaHash: federationSchemaHash(dataset.featureNames, dataset.classNames),
    issuedAt: now.toISOString(),
    nonce: newNonce(),
  });
  return signNodeMessage(PRIVATE_DATASET_KIND, body, seed);
}
